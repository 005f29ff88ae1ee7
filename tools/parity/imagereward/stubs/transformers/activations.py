import torch.nn.functional as F

# transformers' "gelu" is GELUActivation: F.gelu (exact, erf form)
ACT2FN = {"gelu": F.gelu}
