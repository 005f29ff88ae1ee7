"""Stand-in for huggingface_hub (not in Debian): transformers' hub helpers import these names at start-up;
the golden script never downloads anything, so every one of them refuses to run."""


def _offline(*args, **kwargs):
    raise RuntimeError("huggingface_hub is a stub here: the parity goldens never download")


class HfFolder:
    get_token = staticmethod(_offline)


class Repository:
    def __init__(self, *args, **kwargs):
        _offline()


create_repo = list_repo_files = whoami = model_info = hf_hub_download = _offline
