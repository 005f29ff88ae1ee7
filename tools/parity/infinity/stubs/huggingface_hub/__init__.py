def hf_hub_download(*args, **kwargs):
    raise NotImplementedError("huggingface_hub stub: nothing is downloaded")
