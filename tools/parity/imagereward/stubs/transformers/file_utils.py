from collections import OrderedDict


class ModelOutput(OrderedDict):
    """Keyword fields readable as attributes and by index (None fields skipped), as transformers' ModelOutput."""

    def __init__(self, **kw):
        super().__init__((k, v) for k, v in kw.items() if v is not None)
        for k, v in kw.items():
            object.__setattr__(self, k, v)

    def __getitem__(self, k):
        if isinstance(k, str):
            return super().__getitem__(k)
        return tuple(self.values())[k]
