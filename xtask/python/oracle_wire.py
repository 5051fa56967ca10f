"""Wire forms for the boto3 oracle: parameters as JSON, and responses botocore parses.

`as_json(value, shape)` writes a call's parameters (or a parsed output) as one JSON
value that the runtime's schema JSON reader reads into the generated type: every member
in one object, whatever its HTTP location, under its member name (not its JSON key: API
Gateway's `PutIntegration` has a label member `httpMethod` and a body member
`integrationHttpMethod` whose key is `httpMethod`); blobs in base64; timestamps as the
member's `timestampFormat` says, epoch seconds otherwise. `as_json(..., member_names=False)`
writes a response body's JSON instead: members under their JSON keys.

`response_for(protocol, model, op, value)` writes the HTTP response a service would send for the output
`value` of `op`, the way botocore's own protocol tests state responses: the JSON body of
the body members, header and prefix-header members in headers (HTTP-date timestamps,
comma-joined lists), the status-code member as the status, a payload member as the
whole body. The recorder then has botocore parse it and checks that botocore reads back
exactly `value`, so a mistake here cannot pass unnoticed.
"""

import base64
import calendar
import datetime
import email.utils
import json

from botocore.utils import parse_timestamp
from urllib3._collections import HTTPHeaderDict

REQUEST_ID = 'oracle-request-id'


def json_key(name, member, member_names):
    """The key of `member`: its member name in the parameters form, else its JSON key."""
    if member_names:
        return name
    return member.serialization.get('name', name)


def as_json(value, shape, member_names=True):
    kind = shape.type_name
    if value is None:
        return None
    if kind == 'structure':
        if shape.metadata.get('document'):
            return value
        out = {}
        for name, member in shape.members.items():
            if name in value:
                out[json_key(name, member, member_names)] = as_json(
                    value[name], member, member_names)
        return out
    if kind == 'list':
        return [as_json(item, shape.member, member_names) for item in value]
    if kind == 'map':
        return {key: as_json(item, shape.value, member_names) for key, item in value.items()}
    if kind == 'blob':
        if hasattr(value, 'read'):
            value = value.read()
        if isinstance(value, str):
            value = value.encode('utf-8')
        return base64.b64encode(value).decode('ascii')
    if kind == 'timestamp':
        return timestamp(value, shape.serialization.get('timestampFormat', 'unixtimestamp'))
    return value


def to_datetime(value):
    if isinstance(value, str):
        value = parse_timestamp(value)
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
    return datetime.datetime.fromtimestamp(value, tz=datetime.timezone.utc)


def timestamp(value, fmt):
    value = to_datetime(value)
    if fmt == 'iso8601':
        return value.strftime('%Y-%m-%dT%H:%M:%SZ')
    if fmt == 'rfc822':
        return email.utils.formatdate(calendar.timegm(value.timetuple()), usegmt=True)
    seconds = value.timestamp()
    return int(seconds) if seconds == int(seconds) else seconds


def header_value(value, shape):
    """A header's text for `value`, as restJson1 writes it."""
    kind = shape.type_name
    if kind == 'list':
        return ', '.join(header_value(item, shape.member) for item in value)
    if shape.serialization.get('jsonvalue'):
        return base64.b64encode(json.dumps(value, separators=(',', ':')).encode()).decode()
    if kind == 'timestamp':
        return timestamp(value, shape.serialization.get('timestampFormat', 'rfc822'))
    if kind == 'boolean':
        return 'true' if value else 'false'
    if kind == 'blob':
        return base64.b64encode(value).decode('ascii')
    return str(value)


def response_for(protocol, model, op, value):
    """The response (status, headers as a list of pairs, body bytes) for output `value`."""
    shape = op.output_shape
    status = op.http.get('responseCode', 200)
    headers = [('x-amzn-requestid', REQUEST_ID)]
    if protocol == 'json':
        headers.append(('content-type', f'application/x-amz-json-{model.metadata["jsonVersion"]}'))
        return status, headers, json.dumps(as_json(value, shape, False)).encode()
    body = {}
    payload = shape.serialization.get('payload')
    raw = None
    for name, member in shape.members.items():
        if name not in value:
            continue
        location = member.serialization.get('location')
        wire = member.serialization.get('name', name)
        if name == payload:
            if member.type_name in ('blob', 'string'):
                raw = value[name] if isinstance(value[name], bytes) else value[name].encode()
            else:
                raw = json.dumps(as_json(value[name], member, False)).encode()
        elif location == 'statusCode':
            status = value[name]
        elif location == 'header':
            headers.append((wire, header_value(value[name], member)))
        elif location == 'headers':
            headers.extend((wire + key, header_value(item, member.value))
                           for key, item in value[name].items())
        else:
            body[wire] = as_json(value[name], member, False)
    if raw is None and (body or payload is None):
        headers.append(('content-type', 'application/json'))
        raw = json.dumps(body).encode()
    return status, headers, raw or b''


def parse(parser, op, status, headers, body):
    """botocore's parse of the response, without its response metadata."""
    parsed = parser.parse(
        {'status_code': status, 'headers': HTTPHeaderDict(headers), 'body': body},
        op.output_shape,
    )
    parsed.pop('ResponseMetadata', None)
    return parsed
