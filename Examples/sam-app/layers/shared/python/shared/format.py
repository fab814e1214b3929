def shout(text):
    """Upper-cases text and adds an exclamation mark: the one helper the functions share."""
    return text.upper() + "!"
