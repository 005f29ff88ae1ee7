from .file_utils import ModelOutput

for _n in ("BaseModelOutputWithPastAndCrossAttentions", "BaseModelOutputWithPoolingAndCrossAttentions",
           "CausalLMOutputWithCrossAttentions", "MaskedLMOutput", "MultipleChoiceModelOutput",
           "NextSentencePredictorOutput", "QuestionAnsweringModelOutput", "SequenceClassifierOutput",
           "TokenClassifierOutput"):
    globals()[_n] = type(_n, (ModelOutput,), {})
