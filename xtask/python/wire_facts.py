"""The wire facts of one service that its reference pages do not state, as TOML.

Used by import_docs.py: botocore's service model says how every operation and member
travels (HTTP method and URI, locations, timestamp formats, traits); boto3's pages say
which operations and members exist. This writes only the former, keyed by wire names,
and leaves out defaults (the body, no trait), so the file stays small.

Only what the pages document is described: operations boto3's client has a public method
for (its documenter documents exactly those: bidirectional event-stream operations such as
polly's StartSpeechSynthesisStream have none), and members the documenter shows (not the
parameters botocore hides from the docs, such as S3's ContentMD5 on some operations; no
members of an input or output whose page boto3 found too large to render in either
section; no error members, which the pages never document). For restXml, awsQuery and ec2Query services it
also writes how members travel in XML and query bodies (element and query names,
attributes, flattened lists and maps, namespaces; botocore states these on the reference
or on its target shape, and the reference wins, as in botocore's serializers), the root
element of an input's body, and errors' HTTP statuses; for every protocol, the body
checksums an operation requires or supports, and when botocore sends an operation's
streaming payload with `Expect: 100-continue` (`expect_continue`: "always" when the
payload is given at all, in memory too, "stream" when it is given as a file or stream;
S3's uploads). Of an output, what botocore's handlers make of the parsed response:
`base64` on a member handed over base64-decoded (EC2 GetConsoleOutput's Output, where on
an input it means sent encoded), a member that holds a header's text as it came (S3's
`ExpiresString = { location = "header", name = "Expires" }`, beside the timestamp
`Expires` read from the same header) and `lenient` on a header member left unset when
its text does not parse, rather than failing the call (S3's Expires). It also writes the real
names of the structures, unions and enums the pages print inline without a name
([names]), so the generator may use them where no page names the shape.
"""

import inspect
import os

import botocore
import botocore.handlers
from botocore.docs.utils import HideParamFromOperations

import waiter_facts
from handler_facts import (base64_members, base64_outputs, expect_continue, header_copies,
                           key_md5s, last_segments, list_encoding, operation_endpoint,
                           percent_encoded, presigned_urls, quoted_paths, retyped, unsigned)

HEADER = [
    '# Wire facts the reference pages do not state, keyed by wire names. Written by',
    '# `cargo xtask import-docs` from the service model of botocore ' + botocore.__version__ + ':',
    '# the pages say which operations, members and shapes exist, this file only how they',
    '# travel. Member keys are paths of member names from an operation\'s input or output',
    '# (through lists and maps); a nested shape used in several places is described once.',
    '# [names] gives the model\'s names of the shapes the pages leave unnamed: per operation,',
    '# of what its input and output members hold (through lists and maps); per named shape,',
    '# of what its members hold.',
]

XML_HEADER = [
    '# XML and query names, attributes, namespaces and flattened collections are stated',
    '# where they differ from the default (element, key and value: the parts of a list or',
    '# map); input_xml is the root element of an operation\'s XML body.',
]

REST = ('rest-json', 'rest-xml')
XML = ('rest-xml', 'query', 'ec2')
JSON = ('json', 'rest-json')
# The element names botocore uses for a list's items and a map's parts when the model
# names none.
PART_DEFAULTS = {'element': 'member', 'key': 'key', 'value': 'value'}


def toml_str(value):
    out = ['"']
    for ch in str(value):
        if ch in '"\\':
            out.append('\\' + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7f:
            out.append('\\u%04x' % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def toml_key(key):
    if key and all(c.isalnum() or c in '_-' for c in key):
        return key
    return toml_str(key)


def value_text(value):
    if value is True:
        return 'true'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list) and value and isinstance(value[0], tuple):
        return inline(value)
    if isinstance(value, list):
        return '[' + ', '.join(value_text(v) for v in value) + ']'
    return toml_str(value)


def inline(facts):
    """An inline table of (key, value) pairs; a value that is such a list nests."""
    return '{ ' + ', '.join(f'{key} = {value_text(value)}' for key, value in facts) + ' }'


def renames(service, model):
    """boto3's Python-only parameter renames: {(operation or '*', wire): documented}."""
    service_id = model['metadata'].get('serviceId', '')
    names = {service, service_id.replace(' ', '-').lower()}
    out = {}
    for handler in botocore.handlers.BUILTIN_HANDLERS:
        event, function = handler[0], handler[1]
        alias = getattr(function, '__self__', None)
        if type(alias).__name__ != 'ParameterAlias':
            continue
        parts = event.split('.')
        if parts[0] != 'before-parameter-build' or len(parts) != 3 or parts[1] not in names:
            continue
        out[(parts[2], alias._original_name)] = alias._alias_name
    return out


def documented_operations(client):
    """The operations boto3's documenter documents: those with a public client method."""
    methods = {name for name, member in inspect.getmembers(client)
               if not name.startswith('_') and inspect.ismethod(member)}
    mapping = client.meta.method_to_api_mapping
    return {op for method, op in mapping.items() if method in methods}


def hidden_params(service):
    """{operation: {member}} the documenter removes from request parameters."""
    out = {}
    for handler in botocore.handlers.BUILTIN_HANDLERS:
        hider = getattr(handler[1], '__self__', None)
        if not isinstance(hider, HideParamFromOperations):
            continue
        for event in hider._params_events:
            parts = event.split('.')
            if len(parts) == 5 and parts[2] == service:
                out.setdefault(parts[3], set()).add(hider._parameter_name)
    return out


def default_headers(service, model, client, operations):
    """[(name, value, handler)] of the headers botocore's `before-call.<service>` handlers
    put on every request, not from the model (handlers.py of botocore 1.44: apigateway's
    add_accept_header, Accept: application/json unless the request has one; glacier's
    add_glacier_version, x-amz-glacier-version: the API version). Each handler runs as
    botocore calls it on every documented operation with an in-memory body: a handler
    that adds nothing there (s3's add_expect_header, for file bodies only) or that
    changes the body (s3's escape_xml_payload) is not a header fact; one whose headers
    differ by operation, or that replaces a header a member may set, cannot be carried
    as one and stops the import. Handlers of single operations (glacier checksums,
    presigned URLs of ec2/rds/neptune/docdb copies) and of every service (recursion
    detection under Lambda, x-amz-api-version of endpoint discovery) are not read."""
    service_id = model['metadata'].get('serviceId', '')
    names = {service, service_id.replace(' ', '-').lower()}
    out = []
    for handler in botocore.handlers.BUILTIN_HANDLERS:
        event, function = handler[0], handler[1]
        parts = event.split('.')
        if parts[0] != 'before-call' or len(parts) != 2 or parts[1] not in names:
            continue
        added = None
        for op_name in operations:
            op_model = client.meta.service_model.operation_model(op_name)
            params = {'headers': {}, 'body': b'', 'url_path': '/', 'query_string': {},
                      'method': op_model.http.get('method', 'POST'), 'context': {}}
            function(model=op_model, params=params, context={})
            if added is not None and params['headers'] != added:
                raise SystemExit(f'{event} {function.__name__} adds other headers to '
                                 f'{op_name} than to other operations')
            added = params['headers']
            for name in added:
                preset = {'headers': {name: 'caller'}, 'body': b'', 'url_path': '/',
                          'query_string': {}, 'method': params['method'], 'context': {}}
                function(model=op_model, params=preset, context={})
                members = op_model.input_shape.members.values() if op_model.input_shape else ()
                bound = any(m.serialization.get('location') == 'header'
                            and m.serialization.get('name', '').lower() == name.lower()
                            for m in members)
                if preset['headers'][name] != 'caller' and bound:
                    raise SystemExit(f'{event} {function.__name__} replaces {name}, which '
                                     f'{op_name} binds to a member')
        out += [(name, value, function.__name__) for name, value in (added or {}).items()]
    return out


def http_checksum(op, op_name, hidden):
    """An operation's body checksum facts (httpChecksumRequired, httpChecksum); a member
    the pages do not show is left out, as members are."""
    spec = op.get('httpChecksum', {})
    facts = []
    if op.get('httpChecksumRequired') or spec.get('requestChecksumRequired'):
        facts.append(('required', True))
    shown = lambda member: member and member not in hidden.get(op_name, ())
    for key, source in [('request_algorithm_member', 'requestAlgorithmMember'),
                        ('response_validation_member', 'requestValidationModeMember')]:
        if shown(spec.get(source)):
            facts.append((key, spec[source]))
    if spec.get('responseAlgorithms'):
        facts.append(('response_algorithms', list(spec['responseAlgorithms'])))
    return facts


LARGE = '# This section is too large to render.'
SIDES = {'input': ('**Request Syntax**', '**Parameters**'),
         'output': ('**Response Syntax**', '**Response Structure**')}


def unrendered_sides(pages_dir, client):
    """{(operation, side)} whose two sections on the written page boto3 both left out as
    too large to render: the pages name none of their members."""
    out = set()
    for method, op in client.meta.method_to_api_mapping.items():
        try:
            with open(os.path.join(pages_dir, 'client', method + '.rst'), encoding='utf-8') as f:
                lines = f.read().splitlines()
        except FileNotFoundError:
            continue
        omitted = set()
        heading = None
        for line in lines:
            text = line.strip()
            if text.startswith('**') and text.endswith('**'):
                heading = text
            elif text == LARGE and heading:
                omitted.add(heading)
        for side, headings in SIDES.items():
            if all(h in omitted for h in headings):
                out.add((op, side))
    return out


class Walker:
    def __init__(self, model, xml=False, json=True, retyped=(set(), set()), encoded=()):
        self.shapes = model['shapes']
        self.seen = set()
        # What handlers change: retyped shapes and (operation, member)s, percent-encoded
        # shapes; `operation` is the one whose input or output is being walked.
        self.retyped_shapes, self.retyped_members = retyped
        self.encoded = set(encoded)
        self.operation = None
        self.side = None
        # Which serialization facts the service's protocols read.
        self.xml = xml
        self.json = json

    def xml_facts(self, ref, default):
        """How a reference travels in XML and query bodies: what botocore's serializers
        read from the reference's traits over its target shape's (locationName,
        queryName, xmlAttribute, flattened, xmlNamespace), and the same for the parts of
        the list or map it holds. `default` is the name the element has anyway."""
        target = self.shapes[ref['shape']]
        merged = dict(target)
        merged.update(ref)
        facts = []
        name = merged.get('locationName')
        if name and name != default:
            facts.append(('xml_name', name))
        if 'queryName' in merged:
            facts.append(('query_name', merged['queryName']))
        if merged.get('xmlAttribute'):
            facts.append(('xml_attribute', True))
        if merged.get('flattened') and target['type'] in ('list', 'map'):
            facts.append(('xml_flattened', True))
        namespace = merged.get('xmlNamespace')
        if namespace:
            if namespace.get('prefix'):
                facts.append(('xml_prefix', namespace['prefix']))
            facts.append(('xml_namespace', namespace['uri']))
        parts = {'list': ['member'], 'map': ['key', 'value']}.get(target['type'], [])
        for part in parts:
            key = 'element' if part == 'member' else part
            inner = self.xml_facts(target[part], PART_DEFAULTS[key])
            if inner:
                facts.append((key, inner))
        return facts

    def named(self, shape_name):
        """The structure, union or enum a member's target holds through lists and maps
        (map values), which the pages print inline without its name."""
        shape = self.shapes[shape_name]
        kind = shape['type']
        if kind == 'list':
            return self.named(shape['member']['shape'])
        if kind == 'map':
            return self.named(shape['value']['shape'])
        if kind == 'structure' or (kind == 'string' and 'enum' in shape):
            return shape_name
        return None

    def names(self, shape_name, skip, table, out, named, renames=None):
        """`table` entries naming what each member of `shape_name` holds; every named
        structure reached gets its own [names.shapes.X] table once, in `named`. A member
        boto3 renames is keyed by the name the pages use (ec2's `Filter` is `Filters`),
        which is the one the naming pass sees."""
        entries = []
        reached = []
        for member, ref in self.shapes[shape_name].get('members', {}).items():
            if member in skip:
                continue
            target = self.named(ref['shape'])
            if target is None:
                continue
            key = (renames or {}).get(member, member)
            entries.append(f'{toml_key(key)} = {toml_str(target)}')
            reached.append(target)
        if entries:
            out.append((table, entries))
        for target in reached:
            if target not in named and self.shapes[target]['type'] == 'structure':
                named.add(target)
                self.names(target, (), f'names.shapes.{toml_key(target)}', out, named)

    def structures(self, shape_name):
        """The structures a member's target reaches through lists and maps."""
        shape = self.shapes[shape_name]
        kind = shape['type']
        if kind == 'structure':
            return [shape_name]
        if kind == 'list':
            return self.structures(shape['member']['shape'])
        if kind == 'map':
            return self.structures(shape['value']['shape'])
        return []

    def leaf(self, shape_name, key):
        """A trait stated on the target or on what it holds through lists and maps."""
        shape = self.shapes[shape_name]
        if key in shape:
            return shape[key]
        if shape['type'] == 'list':
            return self.leaf(shape['member']['shape'], key)
        if shape['type'] == 'map':
            return self.leaf(shape['value']['shape'], key)
        return None

    def member_facts(self, structure, name, ref, rename, prefix_top=False):
        facts = []
        if structure.get('payload') == name:
            facts.append(('location', 'payload'))
        elif 'location' in ref:
            facts.append(('location', ref['location']))
            if 'locationName' in ref:
                facts.append(('name', ref['locationName']))
        target = self.shapes[ref['shape']]
        timestamp = ref.get('timestampFormat') or self.leaf(ref['shape'], 'timestampFormat')
        if timestamp:
            facts.append(('timestamp', timestamp))
        json_name = ref.get('jsonName')
        if not json_name and 'location' not in ref and structure.get('payload') != name:
            # A body member's locationName is its JSON key (API Gateway's `items` is `item`).
            json_name = ref.get('locationName')
        if self.json and json_name and json_name != name:
            facts.append(('json_name', json_name))
        if self.xml and 'location' not in ref:
            facts += self.xml_facts(ref, name)
        for key, source in [('json_value', 'jsonvalue'), ('idempotency_token', 'idempotencyToken'),
                            ('host_label', 'hostLabel')]:
            if ref.get(source):
                facts.append((key, True))
        if target['type'] == 'blob' and target.get('streaming'):
            facts.append(('streaming', True))
        if ref.get('sensitive') or self.leaf(ref['shape'], 'sensitive'):
            facts.append(('sensitive', True))
        leaf = self.leaf_name(ref['shape'])
        if leaf in self.retyped_shapes or (
                prefix_top and (self.operation, name) in self.retyped_members):
            # The wire type of what the pages print as a dict, and the [REQUIRED] the
            # docs handler drops with its sections.
            facts.append(('type', self.shapes[leaf]['type']))
            if (ref['shape'] == leaf and name in structure.get('required', ())
                    and self.side == 'input'):
                facts.append(('required', True))
        if ref['shape'] in self.encoded and not (prefix_top and self.side == 'input'):
            # Read decoded; a nested shape's facts serve both sides.
            facts.append(('percent_encoded', True))
        if rename:
            facts.append(('documented', rename))
        return facts

    def leaf_name(self, shape_name):
        """The shape a list holds (through lists), or the shape itself."""
        shape = self.shapes[shape_name]
        if shape['type'] == 'list':
            return self.leaf_name(shape['member']['shape'])
        return shape_name

    def walk(self, shape_name, prefix, out, renames=None):
        """Facts of every member reached from `shape_name`, each nested structure once
        (an operation's own input or output always: its locations are its own)."""
        if prefix:
            if shape_name in self.seen:
                return
            self.seen.add(shape_name)
        structure = self.shapes[shape_name]
        for name, ref in structure.get('members', {}).items():
            path = prefix + [name]
            rename = (renames or {}).get(name)
            facts = self.member_facts(structure, name, ref, rename, prefix_top=not prefix)
            if facts:
                out.append(('.'.join(path), facts))
            for inner in self.structures(ref['shape']):
                self.walk(inner, path, out)


def write(service, model, client, pages_dir, path):
    meta = model['metadata']
    documented = documented_operations(client)
    unrendered = unrendered_sides(pages_dir, client)
    hidden = hidden_params(service)
    protocol = meta['protocol']
    protocols = [protocol] + meta.get('protocols', [])
    rest = any(p in REST for p in protocols)
    xml = any(p in XML for p in protocols)
    aliases = renames(service, model)
    walker = Walker(model, xml=xml, json=any(p in JSON for p in protocols),
                    retyped=retyped(service, model), encoded=percent_encoded(service, model))
    lines = list(HEADER) + (XML_HEADER if xml else [])
    if 'awsQueryCompatible' in meta:
        lines.append('query_compatible = true')
    operations = sorted(op for op in model['operations'] if op in documented)
    headers = default_headers(service, model, client, operations)
    if headers:
        handlers = ', '.join(sorted({h for _, _, h in headers}))
        lines += ['', '# Headers botocore\'s handlers add to every request without one of that name',
                  f'# (before signing; not in the model): {handlers}.', '[default_headers]']
        lines += [f'{toml_key(name)} = {toml_str(value)}' for name, value, _ in headers]
    for op_name in operations:
        op = model['operations'][op_name]
        head = []
        http = op.get('http', {})
        if rest:
            head.append(f'http = {toml_str(http["method"] + " " + http["requestUri"])}')
            code = http.get('responseCode')
            if code is not None and code != 200:
                head.append(f'code = {code}')
        prefix = op.get('endpoint', {}).get('hostPrefix')
        if prefix:
            head.append(f'host_prefix = {toml_str(prefix)}')
        encodings = op.get('requestcompression', {}).get('encodings')
        if encodings:
            listed = ', '.join(toml_str(e) for e in encodings)
            head.append(f'request_compression = [{listed}]')
        checksum = http_checksum(op, op_name, hidden)
        if checksum:
            head.append(f'http_checksum = {inline(checksum)}')
        if unsigned(client, op_name):
            head.append('unsigned = true')
        expect = expect_continue(service, model, client, op_name)
        if expect:
            head.append(f'expect_continue = {toml_str(expect)}')
        placed = operation_endpoint(service, model, client, op_name)
        if placed:
            head.append(f'endpoint = {inline(sorted(placed.items()))}')
        if xml and (op_name, 'input') not in unrendered:
            # The root element of a restXml body without a payload member (Route53's
            # CreateHostedZoneRequest), which botocore reads from the input reference.
            root = [(k, v) for k, v in walker.xml_facts(op['input'], None)
                    if k in ('xml_name', 'xml_prefix', 'xml_namespace')] if 'input' in op else []
            if root:
                head.append(f'input_xml = {inline(root)}')
        if head:
            lines += ['', f'[operations.{toml_key(op_name)}]'] + head
        for side in ('input', 'output'):
            if side not in op or (op_name, side) in unrendered:
                continue
            op_renames = {wire: doc for (o, wire), doc in aliases.items()
                          if side == 'input' and o in (op_name, '*')}
            facts = []
            walker.operation, walker.side = op_name, side
            walker.walk(op[side]['shape'], [], facts, op_renames)
            defaults, decoded = list_encoding(service, model, client, op_name)
            if side == 'input':
                facts = [(k, f) for k, f in facts if k not in hidden.get(op_name, ())]
                flags = [('last_segment', {m: True for m in
                                           last_segments(service, model, client, op_name)}),
                         ('base64', {m: True for m in
                                     base64_members(service, model, client, op_name)}),
                         ('default_value', defaults),
                         ('quoted_path', {m: True for m in
                                          quoted_paths(service, model, client, op_name)}),
                         ('key_md5', key_md5s(service, model, client, op_name)),
                         ('presigned_url', presigned_urls(service, model, client, op_name))]
            else:
                copies, lenient = header_copies(service, model, client, op_name)
                flags = [('url_encoded', {m: True for m in decoded}),
                         ('base64', {m: True for m in
                                     base64_outputs(service, model, client, op_name)}),
                         ('location', {m: 'header' for m in copies}),
                         ('name', copies),
                         ('lenient', {m: True for m in lenient})]
            for flag, members in flags:
                facts = [(k, f + [(flag, members[k])] if k in members else f)
                         for k, f in facts]
                facts += [(k, [(flag, members[k])]) for k in sorted(members)
                          if k not in {key for key, _ in facts}]
            if facts:
                lines += ['', f'[operations.{toml_key(op_name)}.{side}]']
                lines += [f'{toml_key(k)} = {inline(f)}' for k, f in facts]
    errors = sorted({e['shape'] for op in operations
                     for e in model['operations'][op].get('errors', [])})
    for name in errors:
        # The pages document an error's name only: its code is a fact, its members are not.
        error = model['shapes'][name].get('error', {})
        facts = []
        code = error.get('code')
        if code and code != name:
            facts.append(f'code = {toml_str(code)}')
        status = error.get('httpStatusCode')
        if xml and status is not None:
            # What an XML error's status says when its body names no known code.
            facts.append(f'status = {status}')
        if facts:
            lines += ['', f'[errors.{toml_key(name)}]'] + facts
    names = []
    named = set()
    for op_name in operations:
        op = model['operations'][op_name]
        for side in ('input', 'output'):
            if side in op and (op_name, side) not in unrendered:
                skip = hidden.get(op_name, ()) if side == 'input' else ()
                table = f'names.operations.{toml_key(op_name)}.{side}'
                op_renames = {wire: doc for (o, wire), doc in aliases.items()
                              if side == 'input' and o in (op_name, '*')}
                walker.names(op[side]['shape'], skip, table, names, named, op_renames)
    for table, entries in names:
        lines += ['', f'[{table}]'] + entries
    lines += waiter_facts.lines(service, meta.get('apiVersion'), pages_dir, toml_str, toml_key)
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
