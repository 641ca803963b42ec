"""Text in: reading corpora, cleaning, scripts, shared patterns and packaged word lists.

Nothing here segments or counts; every other layer may import from here.

* :mod:`~textkit.corpus.load`: corpus files and folders into document tables, whole or a chunk at a time;
* :mod:`~textkit.corpus.readers`: CSV, TSV, JSON, Excel and Parquet files as records; format detection;
* :mod:`~textkit.corpus.decode`: bytes of an unknown encoding into text, whole or line by line;
* :mod:`~textkit.corpus.dates`: the date column, read the ways Chinese corpora write it;
* :mod:`~textkit.corpus.seedformat`: the seed format (a news page and its related headlines);
* :mod:`~textkit.corpus.clean`: pure ``str -> str`` cleaning, sentences, repeated boilerplate;
* :mod:`~textkit.corpus.script`: Traditional/Simplified detection and conversion (OpenCC);
* :mod:`~textkit.corpus.patterns`: character classes and regexes, declared once;
* :mod:`~textkit.corpus.resources`: packaged dictionary and stopwords, the cache folder.
"""
