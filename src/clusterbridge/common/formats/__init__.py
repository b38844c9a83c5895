"""Date and time formats per language (settings.FORMAT_MODULE_PATH).

One set for every page, e-mail and export: day before month, month names rather than numbers
(12/02 is read two ways), a 24-hour clock. Django's own locale files fill in what these leave
out. ``DAY_TIME_FORMAT`` (weekday, day, month, time: slots, agendas) and
``FULL_DATETIME_FORMAT`` (the same with the year: e-mails) are ours;
``common.dates`` resolves them like Django's named formats.
"""
