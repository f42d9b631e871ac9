"""Text: the analysis view of a document and its words.

``normalise`` converts Traditional to Simplified, folds full-width forms and PDF line breaks,
and keeps a map from every analysis offset back to the original text; ``segment`` cuts the
analysis text into words with part-of-speech tags (jieba).
"""
