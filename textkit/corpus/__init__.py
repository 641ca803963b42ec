"""Text in: reading corpora, cleaning, scripts, shared patterns and packaged word lists.

Nothing here segments or counts; every other layer may import from here.

* :mod:`~textkit.corpus.load`: corpus files and folders into a document table;
* :mod:`~textkit.corpus.clean`: pure ``str -> str`` cleaning, sentences, repeated boilerplate;
* :mod:`~textkit.corpus.script`: Traditional/Simplified detection and conversion (OpenCC);
* :mod:`~textkit.corpus.patterns`: character classes and regexes, declared once;
* :mod:`~textkit.corpus.resources`: packaged dictionary and stopwords, the cache folder.
"""
