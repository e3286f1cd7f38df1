"""A multipart/form-data body written by hand, so a file's name reaches the server exactly
as given. Django's test client sends only a file's base name (and browsers may send more):
the hostile-name tests need the name as an attacker would send it."""

BOUNDARY = "----pop-test-boundary-7d1f"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"


def body(fields: dict, *, file_field: str, file_name: str, content: bytes) -> bytes:
    """``fields`` (a value or a list of values each) plus one file called ``file_name``."""
    parts = []
    for key, values in fields.items():
        for value in values if isinstance(values, list | tuple) else [values]:
            parts.append(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
    quoted = file_name.replace("\\", "\\\\").replace('"', '\\"')
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{quoted}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def post(client, url: str, fields: dict, *, file_field: str, file_name: str, content: bytes):
    return client.generic(
        "POST",
        url,
        body(fields, file_field=file_field, file_name=file_name, content=content),
        content_type=CONTENT_TYPE,
    )
