"""What botocore's handlers do beyond the service model, for wire_facts.py: each fact is
found by asking botocore (its handler table, or calling a handler as botocore would),
never from a list of our own.
"""

import base64
from io import BytesIO
from urllib.parse import urlsplit

import botocore
import botocore.handlers
import botocore.session
from botocore.docs.utils import DocumentModifiedShape


def service_names(service, model):
    service_id = model['metadata'].get('serviceId', '')
    return {service, service_id.replace(' ', '-').lower()}


def retyped(service, model):
    """What the pages print as another type than the wire's, because an after-call
    handler hands boto3's caller a parsed value (handlers.py of botocore 1.44): the
    shapes a `docs.*.<service>.*` DocumentModifiedShape retypes (IAM's
    policyDocumentType, printed as dict and without [REQUIRED]), and the members
    document_cloudformation_get_template_return_type retypes, as
    {(operation, member)} (CloudFormation's GetTemplate TemplateBody)."""
    names = service_names(service, model)
    shapes, members = set(), set()
    for handler in botocore.handlers.BUILTIN_HANDLERS:
        event, function = handler[0], handler[1]
        parts = event.split('.')
        if parts[0] != 'docs' or len(parts) != 5 or parts[2] not in names:
            continue
        owner = getattr(function, '__self__', None)
        if isinstance(owner, DocumentModifiedShape):
            shapes.add(owner._shape_name)
        elif function is botocore.handlers.document_cloudformation_get_template_return_type:
            members.add((parts[3], 'TemplateBody'))
    return shapes, members


def percent_encoded(service, model):
    """The string shapes an `after-call.<service>` handler percent-decodes in every
    response: IAM's policyDocumentType (json_decode_policies, whose JSON parsing the
    runtime leaves to the caller)."""
    names = service_names(service, model)
    return {'policyDocumentType' for event, function, *_ in botocore.handlers.BUILTIN_HANDLERS
            if function is botocore.handlers.json_decode_policies
            and event.split('.')[0] == 'after-call' and event.split('.')[1:] in ([n] for n in names)}


def last_segments(service, model, client, op_name):
    """The input members a `before-parameter-build.<service>` fix_route53_ids cuts to
    their last path segment, found by calling it as botocore does."""
    names = service_names(service, model)
    out = set()
    for handler in botocore.handlers.BUILTIN_HANDLERS:
        event, function = handler[0], handler[1]
        if function is not botocore.handlers.fix_route53_ids:
            continue
        if event.split('.')[:2] not in (['before-parameter-build', n] for n in names):
            continue
        op_model = client.meta.service_model.operation_model(op_name)
        members = op_model.input_shape.members if op_model.input_shape else {}
        params = {m: 'a/b' for m, shape in members.items() if shape.type_name == 'string'}
        function(params=params, model=op_model)
        out |= {m for m, value in params.items() if value != 'a/b'}
    return out


def base64_members(service, model, client, op_name):
    """The input members a `before-parameter-build.<service>.<operation>`
    base64_encode_user_data encodes (EC2 RunInstances' UserData), found by calling it."""
    names = service_names(service, model)
    out = set()
    for handler in botocore.handlers.BUILTIN_HANDLERS:
        event, function = handler[0], handler[1]
        if function is not botocore.handlers.base64_encode_user_data:
            continue
        if event.split('.') not in (['before-parameter-build', n, op_name] for n in names):
            continue
        op_model = client.meta.service_model.operation_model(op_name)
        members = op_model.input_shape.members if op_model.input_shape else {}
        params = {m: 'a' for m, shape in members.items() if shape.type_name == 'string'}
        function(params=params)
        out |= {m for m, value in params.items() if value != 'a'}
    return out


def base64_outputs(service, model, client, op_name):
    """The output members an `after-call.<service>.<operation>` decode_console_output
    hands over base64-decoded (EC2 GetConsoleOutput's Output), found by calling it with
    every string member holding base64 text."""
    names = service_names(service, model)
    encoded = base64.b64encode(b'a').decode()
    out = set()
    for function in _handlers(names, 'after-call', op_name,
                              botocore.handlers.decode_console_output):
        op_model = client.meta.service_model.operation_model(op_name)
        members = op_model.output_shape.members if op_model.output_shape else {}
        parsed = {m: encoded for m, shape in members.items() if shape.type_name == 'string'}
        function(parsed=parsed, model=op_model)
        out |= {m for m, value in parsed.items() if value == 'a'}
    return out


def header_copies(service, model, client, op_name):
    """What a `before-parse.<service>` handler makes of an output's header members:
    the keys it adds to the output holding a header's text, as {key: header} (S3's
    ExpiresString, which handle_expires_header fills from the Expires header), and the
    members whose header it drops when the text does not parse but keeps when it does,
    left unset rather than failing the call (S3's Expires). Found by calling it with
    each header holding text no parser reads, then an HTTP date."""
    names = service_names(service, model)
    events = [['before-parse', n, op] for n in names for op in (op_name, '*')]
    events += [['before-parse', n] for n in names]
    functions = [f for event, f, *_ in botocore.handlers.BUILTIN_HANDLERS
                 if f is botocore.handlers.handle_expires_header and event.split('.') in events]
    op_model = client.meta.service_model.operation_model(op_name)
    shape = op_model.output_shape
    members = shape.members if shape else {}
    headers = {m.serialization.get('name', name): name for name, m in members.items()
               if m.serialization.get('location') == 'header'}
    copies, lenient = {}, set()
    for function in functions:
        for header, member in headers.items():
            def call(text):
                response = {'headers': {header: text}, 'status_code': 200, 'body': b''}
                added = {}
                function(operation_model=op_model, response_dict=response,
                         customized_response_dict=added)
                return header in response['headers'], added

            text = 'not a value of any type'
            kept, added = call(text)
            copies.update({key: header for key, value in added.items() if value == text})
            if not kept and call('Thu, 01 Jan 1970 00:00:00 GMT')[0]:
                lenient.add(member)
    return copies, lenient


def unsigned(client, op_name):
    """True when botocore sends the operation without a signature: its `choose-signer`
    handlers answer UNSIGNED (the model's `smithy.api#noAuth` or `authtype: none`, and
    disable_signing's registrations: STS AssumeRoleWithWebIdentity and
    AssumeRoleWithSAML, Cognito Identity's GetId, ...)."""
    model = client.meta.service_model
    op_model = model.operation_model(op_name)
    event = f'choose-signer.{model.service_id.hyphenize()}.{op_name}'
    _, signer = client.meta.events.emit_until_response(
        event, signing_name=model.signing_name, region_name=client.meta.region_name,
        signature_version='v4', context={'auth_type': op_model.resolved_auth_type})
    return signer is botocore.UNSIGNED


LIST_DECODERS = ('decode_list_object', 'decode_list_object_v2', 'decode_list_object_versions')


def list_encoding(service, model, client, op_name):
    """What S3's listings do to keys: the input members a `before-parameter-build`
    set_list_objects_encoding_type_url sets when the caller leaves them unset, as
    {member: value}, and the output members an `after-call` decode_list_object* then
    decodes, as paths ({'Contents.Key', 'Prefix', ...}); both found by calling them as
    botocore does."""
    names = service_names(service, model)
    op_model = client.meta.service_model.operation_model(op_name)
    defaults, decoded = {}, set()
    for handler in botocore.handlers.BUILTIN_HANDLERS:
        event, function = handler[0], handler[1]
        parts = event.split('.')
        if parts[1:] not in ([n, op_name] for n in names):
            continue
        if parts[0] == 'before-parameter-build' and \
                function is botocore.handlers.set_list_objects_encoding_type_url:
            params, context = {}, {}
            function(params=params, context=context)
            defaults.update(params)
        elif parts[0] == 'after-call' and function in (
                getattr(botocore.handlers, name) for name in LIST_DECODERS):
            shape = op_model.output_shape
            sentinel = '%41'
            parsed = {}
            for name, member in shape.members.items():
                if member.type_name == 'string':
                    parsed[name] = sentinel
                elif member.type_name == 'list' and member.member.type_name == 'structure':
                    parsed[name] = [{n: sentinel for n, m in member.member.members.items()
                                     if m.type_name == 'string'}]
            parsed['EncodingType'] = 'url'
            function(parsed=parsed, context={'encoding_type_auto_set': True})
            for name, value in parsed.items():
                if value == 'A':
                    decoded.add(name)
                elif isinstance(value, list):
                    decoded |= {f'{name}.{n}' for n, v in value[0].items() if v == 'A'}
    return defaults, decoded


def quoted_paths(service, model, client, op_name):
    """The input members a `before-parameter-build.<service>.<operation>`
    handle_copy_source_param quotes (S3's CopySource), found by calling it."""
    names = service_names(service, model)
    out = set()
    for handler in botocore.handlers.BUILTIN_HANDLERS:
        event, function = handler[0], handler[1]
        if function is not botocore.handlers.handle_copy_source_param:
            continue
        if event.split('.') not in (['before-parameter-build', n, op_name] for n in names):
            continue
        op_model = client.meta.service_model.operation_model(op_name)
        members = op_model.input_shape.members if op_model.input_shape else {}
        for member, shape in members.items():
            if shape.type_name == 'string':
                params = {member: 'a b'}
                function(params=params)
                if params[member] != 'a b':
                    out.add(member)
    return out


def key_md5s(service, model, client, op_name):
    """The input keys a `before-parameter-build.<service>.<operation>` sse_md5 or
    copy_source_sse_md5 sends base64-encoded with their MD5 in another member when the
    caller gives none (S3's SSE-C keys), as {key member: MD5 member}, found by calling
    them with each string member set alone."""
    names = service_names(service, model)
    functions = (botocore.handlers.sse_md5, botocore.handlers.copy_source_sse_md5)
    out = {}
    for handler in botocore.handlers.BUILTIN_HANDLERS:
        event, function = handler[0], handler[1]
        if function not in functions:
            continue
        if event.split('.') not in (['before-parameter-build', n, op_name] for n in names):
            continue
        op_model = client.meta.service_model.operation_model(op_name)
        members = op_model.input_shape.members if op_model.input_shape else {}
        for member, shape in members.items():
            if shape.type_name != 'string':
                continue
            params = {member: 'k'}
            function(params=params)
            added = [m for m in params if m != member and members.get(m) is not None
                     and members[m].type_name == 'string']
            if params[member] != 'k' and len(added) == 1:
                out[member] = added[0]
    return out


class _Signer:
    """A request signer that records what inject_presigned_url_ec2 asks of it."""

    def __init__(self, region):
        self._region_name = region
        self.signed = []

    def generate_presigned_url(self, request_dict, region_name=None, **kwargs):
        self.signed.append(region_name)
        return 'presigned-url'


def presigned_urls(service, model, client, op_name):
    """The input member a `before-call.<service>.<operation>` inject_presigned_url_ec2
    fills with the request presigned for a source region when the caller gives none
    (EC2 CopySnapshot's PresignedUrl), as {member: [('source_region', member),
    ('destination_region', member)]}: the member whose value the URL is signed for,
    and the one sent as the client's region. Found by calling it with every string
    member set to a value of its own."""
    names = service_names(service, model)
    out = {}
    for handler in botocore.handlers.BUILTIN_HANDLERS:
        event, function = handler[0], handler[1]
        if function is not botocore.handlers.inject_presigned_url_ec2:
            continue
        if event.split('.') not in (['before-call', n, op_name] for n in names):
            continue
        op_model = client.meta.service_model.operation_model(op_name)
        strings = [m for m, shape in op_model.input_shape.members.items()
                   if shape.type_name == 'string']
        for filled in strings:
            body = {m: f'value-of-{m}' for m in strings if m != filled}
            signer = _Signer('client-region')
            params = {'body': dict(body), 'url': 'https://host/', 'method': 'POST',
                      'headers': {}}
            function(params=params, request_signer=signer, model=op_model)
            if params['body'].get(filled) != 'presigned-url' or len(signer.signed) != 1:
                continue
            source = [m for m in strings if f'value-of-{m}' == signer.signed[0]]
            destination = [m for m, v in params['body'].items() if v == 'client-region']
            if len(source) == 1 and len(destination) == 1:
                out[filled] = [('source_region', source[0]),
                               ('destination_region', destination[0])]
    return out


def operation_endpoint(service, model, client, op_name):
    """Where the endpoint rules send an operation apart from the service's others, as
    {'endpoint_prefix': ..., 'signing_name': ..., 'path_style': True}, each only where
    it differs: S3's `staticContextParams` (ListDirectoryBuckets to s3express-control
    signed as s3express, WriteGetObjectResponse to s3-object-lambda) and the
    `before-endpoint-resolution` handler that forces path-style (GetBucketLocation).
    Found by resolving the operation with botocore's rule set, its bucket (if any) a
    valid host label, for operations the rules or handlers single out. Operations whose
    rules need other input (S3 Control's AccountId, a host prefix of its own) are left
    to their host prefix."""
    names = service_names(service, model)
    op_model = client.meta.service_model.operation_model(op_name)
    handled = any(event.split('.')[:2] in (['before-endpoint-resolution', n] for n in names)
                  for event, *_ in botocore.handlers.BUILTIN_HANDLERS)
    if not (op_model.static_context_parameters or handled) or any(
            p.name != 'Bucket' for p in op_model.context_parameters):
        return {}
    members = op_model.input_shape.members if op_model.input_shape else {}
    bucket = 'amzn-s3-demo-bucket'
    args = {'Bucket': bucket} if 'Bucket' in members else {}
    # A region without a global endpoint, so the default is the regional one.
    region = 'eu-west-3'
    regional = _regional_client(client.meta.service_model.service_name, region)
    resolved = regional._ruleset_resolver.construct_endpoint(
        op_model, args, {'client_config': regional.meta.config})
    url = urlsplit(resolved.url)
    prefix, _, rest = url.hostname.partition('.')
    facts = {}
    if prefix == bucket:
        prefix, _, rest = rest.partition('.')
    elif args and url.path.split('/')[1:2] == [bucket]:
        facts['path_style'] = True
    if rest != f'{region}.amazonaws.com':
        raise ValueError(f'{op_name}: endpoint {resolved.url} is not a regional default')
    if prefix != model['metadata']['endpointPrefix']:
        facts['endpoint_prefix'] = prefix
    schemes = resolved.properties.get('authSchemes') or [{}]
    signing = schemes[0].get('signingName')
    if signing and signing != client.meta.service_model.signing_name:
        facts['signing_name'] = signing
    return facts


_REGIONAL = {}


def _regional_client(service, region):
    if (service, region) not in _REGIONAL:
        _REGIONAL[(service, region)] = botocore.session.get_session().create_client(
            service, region_name=region, aws_access_key_id='a', aws_secret_access_key='b')
    return _REGIONAL[(service, region)]


def _handlers(names, stage, op_name, function):
    """The registrations of `function` for `<stage>.<service>` and
    `<stage>.<service>.<operation>`."""
    events = [[stage, n] for n in names] + [[stage, n, op_name] for n in names]
    return [f for event, f, *_ in botocore.handlers.BUILTIN_HANDLERS
            if f is function and event.split('.') in events]


def expect_continue(service, model, client, op_name):
    """When botocore sends `Expect: 100-continue`, for operations with a streaming input
    payload: 'stream' when a `before-call` add_expect_header adds it to a file body
    (S3's PUT and POST uploads), 'always' when in addition a `before-parameter-build`
    convert_body_to_file_like_object makes a body given in memory, empty too, a file
    (S3's PutObject and UploadPart); else None. Found by calling them as botocore does."""
    names = service_names(service, model)
    op_model = client.meta.service_model.operation_model(op_name)
    shape = op_model.input_shape
    payload = shape.serialization.get('payload') if shape else None
    if not (payload and op_model.has_streaming_input):
        return None
    adders = _handlers(names, 'before-call', op_name, botocore.handlers.add_expect_header)

    def expects(body):
        params = {'headers': {}, 'body': body, 'url_path': '/', 'query_string': {},
                  'method': op_model.http.get('method', 'POST'), 'context': {}}
        for function in adders:
            function(model=op_model, params=params, context={})
        return params['headers'].get('Expect') == '100-continue'

    if not expects(BytesIO(b'x')):
        return None
    params = {payload: b''}
    for function in _handlers(names, 'before-parameter-build', op_name,
                              botocore.handlers.convert_body_to_file_like_object):
        function(params=params, model=op_model, context={})
    return 'always' if expects(params[payload]) else 'stream'
