"""Write boto3's own reference pages for the named services.

Run by `cargo xtask import-docs` inside a private virtualenv that has the pinned boto3.
For each service it writes, under OUT/<service>/:
  - index.rst: the service index page, as boto3's documenter returns it;
  - client/<method>.rst, paginator/<Name>.rst, waiter/<Name>.rst: the sub-pages;
  - service.toml: the wire facts the pages do not state (protocol, JSON version,
    target prefix, signing and endpoint names), taken from botocore's metadata;
  - wire.toml: how operations and members travel (HTTP bindings, locations, timestamp
    formats, traits, boto3's parameter renames, names of shapes the pages leave
    unnamed), from botocore's model, for what the pages document (wire_facts.py).
"""

import argparse
import os
import shutil
import sys

import boto3
import botocore.session
from boto3.docs.service import ServiceDocumenter

import wire_facts


def toml_str(value):
    return '"' + str(value).replace('\\', '\\\\').replace('"', '\\"') + '"'


def write_metadata(service, session, out_dir):
    loader = botocore.session.get_session().get_component('data_loader')
    model = loader.load_service_model(service, 'service-2')
    meta = model['metadata']
    protocols = meta.get('protocols') or [meta['protocol']]
    lines = [
        '# Wire facts the reference pages do not state. Filled by `cargo xtask import-docs`',
        f'# from the metadata block of botocore {botocore.__version__}; no operation, shape,',
        '# member or paginator comes from here.',
        f'service = {toml_str(service)}',
        f'protocol = {toml_str(meta["protocol"])}',
        'protocols = [' + ', '.join(toml_str(p) for p in protocols) + ']',
    ]
    optional = [
        ('json_version', 'jsonVersion'),
        ('target_prefix', 'targetPrefix'),
        ('signing_name', 'signingName'),
        ('endpoint_prefix', 'endpointPrefix'),
        ('service_id', 'serviceId'),
        ('service_full_name', 'serviceFullName'),
        ('api_version', 'apiVersion'),
        ('uid', 'uid'),
        ('signature_version', 'signatureVersion'),
    ]
    for key, source in optional:
        if source in meta:
            lines.append(f'{key} = {toml_str(meta[source])}')
    if 'signingName' not in meta:
        lines.append(f'signing_name = {toml_str(meta["endpointPrefix"])}')
    with open(os.path.join(out_dir, 'service.toml'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    client = session.client(service)
    wire_facts.write(service, model, client, out_dir, os.path.join(out_dir, 'wire.toml'))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--out', required=True)
    parser.add_argument('--all', action='store_true')
    parser.add_argument('services', nargs='*')
    args = parser.parse_args()

    session = boto3.Session(region_name='us-east-1')
    available = set(session.get_available_services())
    services = sorted(available) if args.all else args.services
    unknown = [s for s in services if s not in available]
    if unknown:
        sys.exit(f'unknown service(s): {", ".join(unknown)}')

    for service in services:
        out_dir = os.path.join(args.out, service)
        if os.path.isdir(out_dir):
            shutil.rmtree(out_dir)
        os.makedirs(out_dir)
        # The documenter writes sub-pages to <root>/<service>/{client,paginator,waiter}/.
        index = ServiceDocumenter(service, session, args.out).document_service()
        with open(os.path.join(out_dir, 'index.rst'), 'wb') as f:
            f.write(index)
        write_metadata(service, session, out_dir)
        print(f'{service}: {sum(len(f) for _, _, f in os.walk(out_dir))} files', flush=True)
    print(f'boto3 {boto3.__version__}', flush=True)


if __name__ == '__main__':
    main()
