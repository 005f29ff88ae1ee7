def tqdm(it=None, *args, **kwargs):
    return it
