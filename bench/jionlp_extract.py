"""The alternative a user would pick: JioNLP's money and time extractors over one file."""
import logging
import sys

import jionlp as jio

logging.getLogger().setLevel(logging.CRITICAL)
text = open(sys.argv[1], encoding="utf-8").read()
jio.ner.extract_money(text)
jio.ner.extract_time(text, time_base={"year": 2012, "month": 10, "day": 10})
