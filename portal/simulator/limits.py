"""What the simulators accept, one home for the pages' forms and the API's serializers.

Wide enough for every real case, narrow enough that an absurd value gets a clear error instead of
an estimate nobody could trust: a salary of 100 million, a growth of 300 % a year, a birth date
that makes the person 12 or 110.
"""

from decimal import Decimal

# The salary a month, in dirhams (the highest civil-service salaries are far below the maximum).
SALARY_MIN = Decimal("1000")
SALARY_MAX = Decimal("300000")
# The salary growth assumed a year, in % (negative: a career that slows down).
GROWTH_MIN = Decimal("-5")
GROWTH_MAX = Decimal("10")
# The age of a visitor who simulates (a civil servant is at least 18 and retires at the latest at 75).
AGE_MIN_YEARS = 18
AGE_MAX_YEARS = 75
# A career starts at 16 at the earliest.
SERVICE_START_MIN_AGE = 16
