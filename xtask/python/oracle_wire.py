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

The XML protocols' bodies (`xml_body`) are written as the services write them: awsQuery
wraps the members in `<OpResponse><OpResult>` followed by `<ResponseMetadata>`, EC2 puts
them in `<OpResponse>` beside `<requestId>`, restXml has a root of the output (or of its
structure payload) in the service's namespace; members under their XML names, attributes,
namespaces, wrapped and flattened lists and maps, ISO 8601 timestamps and base64 blobs.
"""

import base64
import calendar
import datetime
import email.utils
import json
from xml.sax.saxutils import escape, quoteattr

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
    if protocol in ('query', 'ec2'):
        headers = [('x-amzn-requestid', REQUEST_ID), ('content-type', 'text/xml')]
        return status, headers, query_body(protocol, model, op, value)
    if protocol == 'rest-xml':
        return rest_xml_response(model, op, value)
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


def namespace(model):
    """The service's XML namespace: the metadata's, else the first a shape declares."""
    uri = model.metadata.get('xmlNamespace')
    if uri:
        return uri
    for name in model.shape_names:
        declared = model.shape_for(name).serialization.get('xmlNamespace')
        if isinstance(declared, dict) and declared.get('uri') and not declared.get('prefix'):
            return declared['uri']
    return None


def xml_text(value, shape):
    """A scalar's XML text, as botocore's XML parsers read it back."""
    kind = shape.type_name
    if kind == 'boolean':
        return 'true' if value else 'false'
    if kind == 'timestamp':
        return str(timestamp(value, shape.serialization.get('timestampFormat', 'iso8601')))
    if kind == 'blob':
        if isinstance(value, str):
            value = value.encode('utf-8')
        return base64.b64encode(value).decode('ascii')
    if kind in ('float', 'double'):
        return repr(float(value))
    return str(value)


def xml_name(name, member):
    """The element name of a structure member (a flattened list's items may rename it)."""
    if member.type_name == 'list' and member.serialization.get('flattened'):
        item_name = member.member.serialization.get('name')
        if item_name is not None:
            return item_name
    return member.serialization.get('name', name)


def namespace_attr(shape):
    declared = shape.serialization.get('xmlNamespace')
    if not isinstance(declared, dict) or 'uri' not in declared:
        return ''
    prefix = declared.get('prefix')
    attr = f'xmlns:{prefix}' if prefix else 'xmlns'
    return f' {attr}={quoteattr(declared["uri"])}'


def xml_element(tag, value, shape, extra_attrs=''):
    """`<tag>` holding `value` of `shape` (a flattened list or map is several elements)."""
    kind = shape.type_name
    if kind == 'list' and shape.serialization.get('flattened'):
        return ''.join(xml_element(tag, item, shape.member) for item in value)
    if kind == 'map' and shape.serialization.get('flattened'):
        return ''.join(f'<{tag}>{map_entry(key, item, shape)}</{tag}>'
                       for key, item in value.items())
    attrs = extra_attrs + namespace_attr(shape)
    if kind == 'structure':
        inner = []
        for name, member in shape.members.items():
            if name not in value:
                continue
            if member.serialization.get('xmlAttribute'):
                attrs += f' {member.serialization["name"]}={quoteattr(xml_text(value[name], member))}'
            else:
                inner.append(xml_element(xml_name(name, member), value[name], member))
        return f'<{tag}{attrs}>{"".join(inner)}</{tag}>'
    if kind == 'list':
        item_tag = shape.member.serialization.get('name', 'member')
        inner = ''.join(xml_element(item_tag, item, shape.member) for item in value)
        return f'<{tag}{attrs}>{inner}</{tag}>'
    if kind == 'map':
        inner = ''.join(f'<entry>{map_entry(key, item, shape)}</entry>'
                        for key, item in value.items())
        return f'<{tag}{attrs}>{inner}</{tag}>'
    return f'<{tag}{attrs}>{escape(xml_text(value, shape))}</{tag}>'


def map_entry(key, item, shape):
    key_tag = shape.key.serialization.get('name') or 'key'
    value_tag = shape.value.serialization.get('name') or 'value'
    return xml_element(key_tag, key, shape.key) + xml_element(value_tag, item, shape.value)


def body_members(shape, value):
    return ''.join(
        xml_element(xml_name(name, member), value[name], member)
        for name, member in shape.members.items()
        if name in value and 'location' not in member.serialization
    )


def writable(value, shape):
    """`value` without what XML cannot state: an empty flattened list or map is no
    element at all, which reads back as an absent member."""
    kind = shape.type_name
    if kind == 'structure' and isinstance(value, dict) and not shape.metadata.get('document'):
        out = {}
        for name, item in value.items():
            member = shape.members.get(name)
            if member is None:
                out[name] = item
                continue
            if member.type_name in ('list', 'map') and member.serialization.get('flattened') \
                    and not item:
                continue
            out[name] = writable(item, member)
        return out
    if kind == 'list' and isinstance(value, list):
        return [writable(item, shape.member) for item in value]
    if kind == 'map' and isinstance(value, dict):
        return {key: writable(item, shape.value) for key, item in value.items()}
    return value


def name_clash(shape, seen=None):
    """Two body members of one structure under `shape` with the same XML name (S3's
    deprecated `GetBucketNotification`: `Event` and the flattened `Events`), as
    `'Structure.Name'`; None when every name is unique. No response can state such
    members apart."""
    seen = set() if seen is None else seen
    if shape.name in seen:
        return None
    seen.add(shape.name)
    kind = shape.type_name
    if kind == 'structure':
        names = set()
        for name, member in shape.members.items():
            if 'location' in member.serialization or member.serialization.get('xmlAttribute'):
                continue
            wire = xml_name(name, member)
            if wire in names:
                return f'{shape.name}.{wire}'
            names.add(wire)
        children = shape.members.values()
    elif kind == 'list':
        children = [shape.member]
    elif kind == 'map':
        children = [shape.key, shape.value]
    else:
        return None
    return next(filter(None, (name_clash(child, seen) for child in children)), None)


def query_body(protocol, model, op, value):
    """An awsQuery or EC2 response body for the output `value`."""
    shape = op.output_shape
    xmlns = quoteattr(model.metadata['xmlNamespace'])
    members = body_members(shape, value)
    if protocol == 'ec2':
        return (f'<{op.name}Response xmlns={xmlns}>{members}'
                f'<requestId>{REQUEST_ID}</requestId></{op.name}Response>').encode()
    wrapper = shape.serialization.get('resultWrapper', f'{op.name}Result')
    return (f'<{op.name}Response xmlns={xmlns}><{wrapper}>{members}</{wrapper}>'
            f'<ResponseMetadata><RequestId>{REQUEST_ID}</RequestId></ResponseMetadata>'
            f'</{op.name}Response>').encode()


def rest_xml_response(model, op, value):
    """A restXml response: REST-bound members in the status and headers, the rest in an
    XML body (S3's `GetBucketLocation` answers a bare `<LocationConstraint>`)."""
    shape = op.output_shape
    status = op.http.get('responseCode', 200)
    headers = [('x-amz-request-id', REQUEST_ID)]
    payload = shape.serialization.get('payload')
    uri = namespace(model)
    xmlns = f' xmlns={quoteattr(uri)}' if uri else ''
    raw = b''
    for name, member in shape.members.items():
        if name not in value:
            continue
        location = member.serialization.get('location')
        wire = member.serialization.get('name', name)
        if name == payload:
            if member.type_name in ('blob', 'string'):
                raw = value[name] if isinstance(value[name], bytes) else value[name].encode()
            else:
                tag = member.serialization.get('name', member.name)
                attrs = '' if namespace_attr(member) else xmlns
                raw = xml_element(tag, value[name], member, attrs).encode()
        elif location == 'statusCode':
            status = value[name]
        elif location == 'header':
            headers.append((wire, header_value(value[name], member)))
        elif location == 'headers':
            headers.extend((wire + key, header_value(item, member.value))
                           for key, item in value[name].items())
    if payload is None:
        if op.name == 'GetBucketLocation' and model.service_name == 's3':
            raw = (f'<LocationConstraint{xmlns}>'
                   f'{escape(value.get("LocationConstraint", ""))}</LocationConstraint>').encode()
        else:
            members = body_members(shape, value)
            if members:
                tag = shape.serialization.get('name', shape.name)
                raw = f'<{tag}{xmlns}>{members}</{tag}>'.encode()
    if raw and (payload is None or shape.members[payload].type_name == 'structure'):
        headers.append(('content-type', 'application/xml'))
    return status, headers, raw


def parse(parser, op, status, headers, body):
    """botocore's parse of the response, without its response metadata."""
    parsed = parser.parse(
        {'status_code': status, 'headers': HTTPHeaderDict(headers), 'body': body},
        op.output_shape,
    )
    parsed.pop('ResponseMetadata', None)
    return parsed
