"""The acceptors of a service's waiters, as TOML tables for wire.toml.

boto3's waiter pages state each waiter's operation, delay and number of attempts; what
each answer means (which output path or error code is success, failure or retry) is only
in botocore's waiters-2.json. Only waiters the pages document are written, keyed by the
waiter's name, each acceptor with botocore's state, matcher, argument and expected.
"""

import os

import botocore.session
from botocore.exceptions import UnknownServiceError


def lines(service, api_version, pages_dir, toml_str, toml_key):
    """The [waiters.X] tables of `service`, or [] when it has no documented waiter."""
    documented = waiter_pages(pages_dir)
    if not documented:
        return []
    loader = botocore.session.get_session().get_component('data_loader')
    try:
        model = loader.load_service_model(service, 'waiters-2', api_version)
    except UnknownServiceError:
        return []
    out = ['', "# The waiters' acceptors (the pages state their operation, delay and attempts),",
           "# from botocore's waiters-2.json: state, matcher, argument and expected as there."]
    for name in sorted(model.get('waiters', {})):
        if name not in documented:
            continue
        out += ['', f'[waiters.{toml_key(name)}]', 'acceptors = [']
        for acceptor in model['waiters'][name]['acceptors']:
            fields = [f'state = {toml_str(acceptor["state"])}',
                      f'matcher = {toml_str(acceptor["matcher"])}']
            if 'argument' in acceptor:
                fields.append(f'argument = {toml_str(acceptor["argument"])}')
            fields.append(f'expected = {value(acceptor["expected"], toml_str)}')
            out.append('  { ' + ', '.join(fields) + ' },')
        out.append(']')
    return out


def waiter_pages(pages_dir):
    directory = os.path.join(pages_dir, 'waiter')
    if not os.path.isdir(directory):
        return set()
    return {f[:-len('.rst')] for f in os.listdir(directory) if f.endswith('.rst')}


def value(expected, toml_str):
    if isinstance(expected, bool):
        return 'true' if expected else 'false'
    if isinstance(expected, (int, float)):
        return repr(expected)
    return toml_str(expected)
