"""Arabic dates and numbers as the fund writes them (FORMAT_MODULE_PATH = "config.formats").

Django's own Arabic formats put a comma after the month ("17 أبريل، 1963"), reverse short dates with
right-to-left marks and group thousands with a dot. The fund writes day, month, year in that order,
short dates as 17/04/1963, and amounts as in French (9 658,08). The month names themselves are the
Moroccan ones (يناير … دجنبر): see config/formats/month_names.py.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a no-break space: an amount never splits across two lines
NUMBER_GROUPING = 3
