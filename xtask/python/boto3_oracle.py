"""Record the requests boto3 sends, as fixtures our clients must reproduce.

Run by `cargo xtask oracle` inside the private virtualenv that has the pinned boto3.
Nothing leaves the machine: a `before-send` handler captures each prepared request and
aborts it. Credentials and the signing clock are fixed, so the output is deterministic.

For every operation of every service under DOCS (a directory with `service.toml`), it
records the request for:
  - each documented example (the examples the reference pages show), and
  - `all-members`: an input with every member set, built from the operation's input
    shape with deterministic values that pass boto3's own validation. Members botocore
    hides from the reference pages (S3's `ContentMD5` on a dozen operations) are left
    out, of the examples too: the pages are the generator's only source, so its clients
    have no such member. They are listed per operation under `hidden`.

boto3 writes members in the order the caller passes them. Our generated types write
structure members in documented order and map keys sorted, so every input is passed to
boto3 in that canonical order (`canonical`): the same input, hence the same bytes.
boto3 fills a missing idempotency token with a random UUID; the recorder sets every
such token itself (`with_tokens`), so that the fixtures stay deterministic.

Output: OUT/<service>.json, a list of cases sorted by operation and case name. Each case
holds the call's parameters as JSON (`params`, see `oracle_wire.as_json`), and the
request's method, URL, signed headers, Authorization header and body as sent (text, or
`body_base64` when it is not UTF-8).

`responses` holds, per operation with an output, the response a service would send for
an all-members output (`oracle_wire.response_for`) and the output botocore parses from
it (`output`, as JSON like `params`). botocore must read back exactly the value the
response was written from, or the recorder fails; operations whose output is an event
stream are left out (listed in `responses_skipped`). The XML protocols' responses are
read by the whole client, given the all-members input and answered from memory, so that
boto3's own handlers take part as they do for its users (S3's `GetBucketLocation` reads
a bare `<LocationConstraint>`, list keys come back URL-decoded when boto3 asked for
them encoded).
"""

import argparse
import base64
import datetime
import io
import json
import os
import sys
import uuid
from unittest import mock

import boto3
import botocore
import botocore.awsrequest
import botocore.parsers
import botocore.session

from urllib3._collections import HTTPHeaderDict

import oracle_wire
from wire_facts import hidden_params

ACCESS_KEY = 'AKIDEXAMPLE'
SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
REGION = 'us-west-2'
CLOCK = datetime.datetime(2015, 8, 30, 12, 36, 0, tzinfo=datetime.timezone.utc)
# Headers boto3 adds that are not part of the API request itself (tracing, retries,
# user agent); they are not signed.
UNSIGNED = {'user-agent', 'amz-sdk-invocation-id', 'amz-sdk-request', 'content-length'}
MAX_DEPTH = 4
XML_PROTOCOLS = ('query', 'ec2', 'rest-xml')


class Captured(Exception):
    def __init__(self, request):
        super().__init__('captured')
        self.request = request


def capture(request, **_):
    if ANSWER:
        status, headers, body = ANSWER[0]
        return botocore.awsrequest.AWSResponse(request.url, status, headers, Raw(body))
    raise Captured(request)


# The response `capture` answers with instead of capturing: (status, headers, body).
ANSWER = []


class Raw:
    """A response body read from memory, as urllib3's response is read."""

    def __init__(self, body):
        self._body = io.BytesIO(body)

    def stream(self, **_):
        yield self._body.read()

    def read(self, amt=None, **_):
        return self._body.read(amt)


def sample_string(name, shape):
    if shape.enum:
        return shape.enum[0]
    value = f'{name}-value'
    min_len = shape.metadata.get('min', 0)
    if len(value) < min_len:
        value = value + 'x' * (min_len - len(value))
    return value


def sample_value(name, shape, depth, stack):
    """A deterministic value for `shape` that boto3's validation accepts."""
    kind = shape.type_name
    if kind == 'structure':
        if shape.name in stack or depth > MAX_DEPTH:
            return None
        stack = stack | {shape.name}
        members = shape.members
        if shape.is_tagged_union:
            first = next(iter(members.items()), None)
            if first is None:
                return {}
            value = sample_value(first[0], first[1], depth + 1, stack)
            return {} if value is None else {first[0]: value}
        out = {}
        for member_name, member in members.items():
            value = sample_value(member_name, member, depth + 1, stack)
            if value is None:
                if member_name in shape.required_members:
                    return None
                continue
            out[member_name] = value
        return out
    if kind == 'list':
        value = sample_value(name, shape.member, depth + 1, stack)
        if value is None:
            return [] if shape.metadata.get('min', 0) == 0 else None
        return [value] * max(1, shape.metadata.get('min', 1))
    if kind == 'map':
        key = sample_string('key', shape.key)
        value = sample_value(name, shape.value, depth + 1, stack)
        return {} if value is None else {key: value}
    if kind == 'string':
        return sample_string(name, shape)
    if kind in ('integer', 'long'):
        return max(1, int(shape.metadata.get('min', 1)))
    if kind in ('float', 'double'):
        return max(1.5, float(shape.metadata.get('min', 1.5)))
    if kind == 'boolean':
        return True
    if kind == 'timestamp':
        return datetime.datetime(2015, 1, 1, tzinfo=datetime.timezone.utc)
    if kind == 'blob':
        return b'blob-value'
    if shape.metadata.get('document'):
        return {'key': 'value'}
    raise ValueError(f'unsupported shape type {kind} for {name}')


def canonical(value, shape):
    """`value` with structure members in the shape's (documented) order and map keys
    sorted, recursively: the order our generated structs and `BTreeMap`s write them."""
    kind = shape.type_name
    if kind == 'structure' and isinstance(value, dict):
        known = [name for name in shape.members if name in value]
        extra = [name for name in value if name not in shape.members]
        out = {name: canonical(value[name], shape.members[name]) for name in known}
        out.update((name, value[name]) for name in extra)
        return out
    if kind == 'list' and isinstance(value, list):
        return [canonical(item, shape.member) for item in value]
    if kind == 'map' and isinstance(value, dict):
        return {key: canonical(value[key], shape.value) for key in sorted(value)}
    return value


def with_tokens(params, op, label):
    """`params` with every idempotency token boto3 would generate set to a fixed UUID
    derived from `label`."""
    out = dict(params)
    for name in op.idempotent_members:
        if name not in out:
            out[name] = str(uuid.uuid5(uuid.NAMESPACE_URL, f'{label}/{name}'))
    return out


def record(client, method_name, params):
    """Call the client offline and return the captured request as a dict."""
    try:
        getattr(client, method_name)(**params)
    except Captured as done:
        request = done.request
    else:
        raise RuntimeError(f'{method_name}: request was not captured')
    headers = {}
    for name, value in request.headers.items():
        if name.lower() in UNSIGNED:
            continue
        if isinstance(value, bytes):
            value = value.decode('utf-8')
        headers[name.lower()] = value
    body = request.body or b''
    if hasattr(body, 'read'):
        body = body.read()
    out = {
        'method': request.method,
        'url': request.url,
        'headers': dict(sorted(headers.items())),
    }
    if isinstance(body, str):
        out['body'] = body
    else:
        try:
            out['body'] = body.decode('utf-8')
        except UnicodeDecodeError:
            out['body'] = ''
            out['body_base64'] = base64.b64encode(body).decode('ascii')
    return out


def client_parse(client, method_name, params, status, headers, body):
    """The output the client returns for `params` when answered with this response."""
    ANSWER.append((status, HTTPHeaderDict(headers), body))
    try:
        parsed = getattr(client, method_name)(**params)
    finally:
        ANSWER.clear()
    parsed.pop('ResponseMetadata', None)
    return parsed


def record_response(protocol, model, parser, op, label, call=None):
    """The response for an all-members output of `op` and botocore's parse of it.

    `call` is `(client, method_name, params)` for the XML protocols: the client parses."""
    shape = op.output_shape
    value = sample_value(shape.name, shape, 0, frozenset()) or {}
    for name, member in shape.members.items():
        if member.serialization.get('location') == 'statusCode':
            value[name] = op.http.get('responseCode', 200)
    value = canonical(value, shape)
    if protocol in XML_PROTOCOLS:
        value = oracle_wire.writable(value, shape)
        # A Content-Length member states the payload's length (S3's GetObject), which
        # botocore checks the streamed body against.
        payload = shape.serialization.get('payload')
        for name, member in shape.members.items():
            if member.serialization.get('name', '').lower() == 'content-length' \
                    and payload in value and isinstance(value[payload], bytes):
                value[name] = len(value[payload])
    status, headers, body = oracle_wire.response_for(protocol, model, op, value)
    if call is not None and protocol in XML_PROTOCOLS:
        parsed = client_parse(*call, status, headers, body)
    else:
        parsed = oracle_wire.parse(parser, op, status, headers, body)
    expected = oracle_wire.as_json(value, shape)
    output = oracle_wire.as_json(parsed, shape)
    if output != expected:
        raise RuntimeError(
            f'{label}: botocore reads {output!r}\nfrom the response written for {expected!r}')
    # What the client's handlers add beside the model's members, which the pages
    # document: S3's ExpiresString, the Expires header's text.
    output.update({name: value for name, value in parsed.items()
                   if name not in shape.members and isinstance(value, str)})
    try:
        text = {'body': body.decode('utf-8')}
    except UnicodeDecodeError:
        text = {'body': '', 'body_base64': base64.b64encode(body).decode('ascii')}
    return {
        'operation': op.name,
        'response': {'status': status, 'headers': headers, **text},
        'output': output,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--docs', required=True)
    parser.add_argument('--out', required=True)
    args = parser.parse_args()

    services = sorted(
        name for name in os.listdir(args.docs)
        if os.path.isfile(os.path.join(args.docs, name, 'service.toml'))
    )
    session = boto3.Session(
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )
    loader = botocore.session.get_session().get_component('data_loader')
    os.makedirs(args.out, exist_ok=True)
    with mock.patch('botocore.auth.get_current_datetime', return_value=CLOCK.replace(tzinfo=None)):
        for service in services:
            client = session.client(service)
            client.meta.events.register('before-send', capture)
            model = client.meta.service_model
            try:
                examples = loader.load_service_model(service, 'examples-1').get('examples', {})
            except botocore.exceptions.DataNotFoundError:
                examples = {}
            # The protocol the client speaks: the first of the model's `protocols` that
            # botocore supports (AppStream lists CBOR first, and boto3 speaks JSON).
            parser = client._response_parser
            protocol = next(name for name, cls in botocore.parsers.PROTOCOL_PARSERS.items()
                            if type(parser) is cls)
            hidden = hidden_params(service)
            cases = []
            skipped = []
            responses = []
            responses_skipped = []
            for op_name in sorted(model.operation_names):
                op = model.operation_model(op_name)
                method_name = next(
                    (m for m, a in client.meta.method_to_api_mapping.items() if a == op_name),
                    None,
                )
                if method_name is None or not hasattr(client, method_name):
                    # Bidirectional event streams: boto3 has no method for them.
                    skipped.append(f'{op_name}: boto3 has no method for it')
                    continue
                inputs = []
                for i, example in enumerate(examples.get(op_name, [])):
                    params = {name: value for name, value in example.get('input', {}).items()
                              if name not in hidden.get(op_name, ())}
                    inputs.append((f'example-{i}', params))
                if op.input_shape is not None:
                    full = sample_value(op.input_shape.name, op.input_shape, 0, frozenset())
                    full = {name: value for name, value in (full or {}).items()
                            if name not in hidden.get(op_name, ())}
                    inputs.append(('all-members', full))
                else:
                    inputs.append(('all-members', {}))
                all_members = None
                for case_name, params in inputs:
                    if op.input_shape is not None:
                        params = with_tokens(params, op, f'{service}/{op_name}/{case_name}')
                        params = canonical(params, op.input_shape)
                    if case_name == 'all-members':
                        all_members = params
                    try:
                        request = record(client, method_name, params)
                    except botocore.exceptions.ParamValidationError as e:
                        skipped.append(f'{op_name} {case_name}: {e}')
                        if case_name == 'all-members':
                            all_members = None
                        continue
                    case = {'operation': op_name, 'case': case_name}
                    if op.input_shape is not None:
                        case['params'] = oracle_wire.as_json(params, op.input_shape)
                    case['request'] = request
                    cases.append(case)
                if op.output_shape is None:
                    continue
                if op.has_event_stream_output:
                    responses_skipped.append(f'{op_name}: the output is an event stream')
                    continue
                clash = protocol in XML_PROTOCOLS and oracle_wire.name_clash(op.output_shape)
                if clash:
                    responses_skipped.append(
                        f'{op_name}: two output members share the XML name {clash}')
                    continue
                call = None if all_members is None else (client, method_name, all_members)
                responses.append(record_response(
                    protocol, model, parser, op, f'{service}/{op_name}', call))
            fixture = {
                'generated_by': 'cargo xtask oracle',
                'boto3': boto3.__version__,
                'botocore': botocore.__version__,
                'region': REGION,
                'access_key_id': ACCESS_KEY,
                'secret_access_key': SECRET_KEY,
                'time': CLOCK.strftime('%Y%m%dT%H%M%SZ'),
                'skipped': skipped,
                'hidden': {op: sorted(members) for op, members in sorted(hidden.items())
                           if op in model.operation_names},
                'cases': cases,
                'responses_skipped': responses_skipped,
                'responses': responses,
            }
            path = os.path.join(args.out, f'{service}.json')
            with open(path, 'w', encoding='utf-8') as f:
                json.dump(fixture, f, indent=1, sort_keys=False, ensure_ascii=False)
                f.write('\n')
            print(f'{service}: {len(cases)} requests, {len(skipped)} examples boto3 itself rejects, '
                  f'{len(responses)} responses', file=sys.stderr)


if __name__ == '__main__':
    main()
