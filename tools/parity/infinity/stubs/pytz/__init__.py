"""Stub: Infinity's dist/misc import pytz for log time stamps only."""
import datetime


def timezone(name):
    return datetime.timezone.utc
