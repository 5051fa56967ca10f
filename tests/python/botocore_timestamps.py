"""What botocore makes of epoch-second timestamps on the JSON wire, for the timestamp tests.

    python botocore_timestamps.py SEED COUNT

Run with the pinned botocore (`docs-input/boto3.pin`). Prints one JSON object:

- "write": [[secs, micros, text], ...]: COUNT datetimes (whole seconds since the epoch
  and microseconds) and the number botocore writes for each in a request body;
- "read": [[text, secs, micros, resent], ...]: COUNT response numbers, the datetime
  botocore reads from each and the number it writes when sending that datetime back, or
  [text, null, null, null] when botocore rejects the number.

Both go through botocore's own JSON serializer and parser, with DynamoDB's ListBackups
(`TimeRangeLowerBound` in the request, `BackupCreationDateTime` in the response). The
cases are random but fixed by SEED; they cover the whole range of Python's datetime
(years 1 to 9999), dates before 1970, whole seconds, milliseconds, and numbers beyond
the range.
"""

import calendar
import datetime
import json
import os
import random
import sys
import time

# botocore reads response timestamps into the local time zone; make that UTC so that
# the range is years 1 to 9999 in UTC, whatever the machine's zone.
os.environ['TZ'] = 'UTC'
time.tzset()

import botocore.parsers  # noqa: E402
import botocore.serialize  # noqa: E402
import botocore.session  # noqa: E402

UTC = datetime.timezone.utc
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
MIN_SECS = calendar.timegm(datetime.datetime.min.timetuple())  # 0001-01-01T00:00:00
MAX_SECS = calendar.timegm(datetime.datetime.max.timetuple())  # 9999-12-31T23:59:59

OPERATION = botocore.session.get_session().get_service_model('dynamodb').operation_model(
    'ListBackups'
)
SERIALIZER = botocore.serialize.create_serializer('json', include_validation=False)
PARSER = botocore.parsers.create_parser('json')


def write(when):
    """The number botocore writes for the datetime `when`, as text."""
    body = SERIALIZER.serialize_to_request({'TimeRangeLowerBound': when}, OPERATION)['body']
    prefix, suffix = b'{"TimeRangeLowerBound": ', b'}'
    assert body.startswith(prefix) and body.endswith(suffix), body
    return body[len(prefix) : -len(suffix)].decode()


def read(text):
    """The datetime botocore reads from the response number `text`, or None."""
    body = '{"BackupSummaries": [{"BackupCreationDateTime": %s}]}' % text
    response = {'body': body.encode(), 'headers': {}, 'status_code': 200}
    try:
        parsed = PARSER.parse(response, OPERATION.output_shape)
    except (ValueError, OverflowError, OSError, RuntimeError):
        return None
    return parsed['BackupSummaries'][0]['BackupCreationDateTime']


def parts(when):
    """Whole seconds since the epoch (rounded down) and microseconds of `when`."""
    return calendar.timegm(when.utctimetuple()), when.microsecond


def datetime_of(secs, micros):
    return EPOCH + datetime.timedelta(seconds=secs, microseconds=micros)


def random_secs(rng):
    kind = rng.randrange(6)
    if kind == 0:
        return rng.randint(MIN_SECS, MAX_SECS)
    if kind == 1:
        return rng.randint(1, 10)
    if kind == 2:
        return rng.randint(-10**6, 10**6)
    if kind == 3:
        return rng.randint(10**9, 2 * 10**9)
    if kind == 4:
        return rng.randint(MIN_SECS, MIN_SECS + 10**6)
    return rng.randint(MAX_SECS - 10**6, MAX_SECS)


def random_micros(rng):
    kind = rng.randrange(8)
    if kind == 0:
        return 0
    if kind == 1:
        return rng.randrange(1000) * 1000
    return rng.randrange(10**6)


def random_number(rng):
    """Response numbers as services and odd servers might write them."""
    kind = rng.randrange(8)
    secs = random_secs(rng)
    if kind == 0:
        return str(secs)
    if kind == 1:
        # Seconds and 1 to 12 fraction digits.
        digits = rng.randint(1, 12)
        return '%d.%0*d' % (secs, digits, rng.randrange(10**digits))
    if kind == 2:
        # A double's shortest form, as most JSON writers print it.
        return repr(secs + rng.random())
    if kind == 3:
        # Exponent forms.
        mantissa = rng.uniform(-9.99, 9.99)
        return '%.*fe%d' % (rng.randint(0, 16), mantissa, rng.randint(-12, 12))
    if kind == 4:
        # Just past either end of the range, or far beyond it.
        edge = rng.choice([MIN_SECS, MAX_SECS + 1])
        return repr(edge + rng.uniform(-2.0, 2.0))
    if kind == 5:
        return rng.choice(
            ['1e300', '-1e300', '1e20', '-1e20', '10000000000000000000000', '5e-324',
             '-5e-324', '-0.0', '0.0', '253402300799.0', '253402300800', '-62135596800',
             '-62135596801', '-62135596800.5', '253402300799.9999999', '1.0036909999999999']
        )
    if kind == 6:
        # Fractions just beside a half microsecond.
        micros = random_micros(rng)
        return '%d.%06d%d' % (secs, micros, rng.choice([4, 5, 6]))
    return write(datetime_of(secs, random_micros(rng)))


def main():
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    writes = []
    for _ in range(count):
        secs, micros = random_secs(rng), random_micros(rng)
        writes.append([secs, micros, write(datetime_of(secs, micros))])
    reads = []
    for _ in range(count):
        text = random_number(rng)
        when = read(text)
        if when is None:
            reads.append([text, None, None, None])
        else:
            reads.append([text, *parts(when), write(when)])
    # One case a line, so that a changed fixture reads as a diff of cases.
    for key, cases in (('{"write": [', writes), ('], "read": [', reads)):
        sys.stdout.write(key + '\n')
        sys.stdout.write(',\n'.join(json.dumps(case) for case in cases) + '\n')
    sys.stdout.write(']}\n')


if __name__ == '__main__':
    main()
