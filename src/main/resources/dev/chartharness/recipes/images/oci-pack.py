#!/usr/bin/env python3
"""Packs a root filesystem directory into a single-layer OCI image-layout tarball for `ctr images import`.

  oci-pack.py --rootfs DIR --ref REF --out OUT.tar [--entrypoint JSON] [--cmd JSON] [--env K=V]...
              [--user UID:GID] [--workdir DIR] [--port 8080/tcp]... [--volume /data]... [--stop-signal SIG]
              [--label K=V]... [--owner PATH=UID:GID]...

Reproducible: entries sorted, mtimes SOURCE_DATE_EPOCH (default 0), owners 0:0 unless --owner gives a rootfs
path (and everything below it) a numeric owner, so the builder need not run as root. Hard links are kept.
Python 3 standard library only.
"""
import argparse, gzip, hashlib, io, json, os, stat, sys, tarfile, time

p = argparse.ArgumentParser()
p.add_argument("--rootfs", required=True)
p.add_argument("--ref", required=True, help="image name, e.g. localhost/chart-harness/redis:7.0.15")
p.add_argument("--out", required=True)
p.add_argument("--entrypoint", type=json.loads)
p.add_argument("--cmd", type=json.loads)
p.add_argument("--env", action="append", default=[])
p.add_argument("--user")
p.add_argument("--workdir", default="/")
p.add_argument("--port", action="append", default=[])
p.add_argument("--volume", action="append", default=[])
p.add_argument("--stop-signal")
p.add_argument("--label", action="append", default=[])
p.add_argument("--owner", action="append", default=[])
a = p.parse_args()

epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
owners = []
for o in a.owner:
    path, ids = o.split("=", 1)
    uid, gid = ids.split(":")
    owners.append((path.strip("/"), int(uid), int(gid)))
owners.sort(key=lambda o: len(o[0]))  # the longest (most specific) match is applied last


def owner_of(name):
    uid = gid = 0
    for path, u, g in owners:
        if name == path or name.startswith(path + "/"):
            uid, gid = u, g
    return uid, gid


raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
    def add(path, name):
        ti = t.gettarinfo(path, name)
        if not (ti.isfile() or ti.isdir() or ti.issym() or ti.islnk()):
            sys.exit(f"oci-pack: {name}: unsupported file type")
        ti.uid, ti.gid = owner_of(name)
        ti.uname = ti.gname = ""
        ti.mtime = epoch
        if ti.isfile():
            with open(path, "rb") as f:
                t.addfile(ti, f)
        else:
            t.addfile(ti)

    for d, dirs, files in os.walk(a.rootfs):
        dirs.sort()
        rel = os.path.relpath(d, a.rootfs)
        for n in sorted(dirs + files):
            add(os.path.join(d, n), n if rel == "." else f"{rel}/{n}")
layer_raw = raw.getvalue()
layer = gzip.compress(layer_raw, compresslevel=6, mtime=0)


def digest(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()


def kv(items):
    return dict(i.split("=", 1) for i in items)


created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
cfg = {"Env": a.env or ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], "WorkingDir": a.workdir}
if a.entrypoint: cfg["Entrypoint"] = a.entrypoint
if a.cmd: cfg["Cmd"] = a.cmd
if a.user: cfg["User"] = a.user
if a.port: cfg["ExposedPorts"] = {port: {} for port in a.port}
if a.volume: cfg["Volumes"] = {v: {} for v in a.volume}
if a.stop_signal: cfg["StopSignal"] = a.stop_signal
if a.label: cfg["Labels"] = kv(a.label)
config = json.dumps({"created": created, "architecture": "amd64", "os": "linux", "config": cfg,
                     "rootfs": {"type": "layers", "diff_ids": [digest(layer_raw)]},
                     "history": [{"created": created, "created_by": "ci/images/oci-pack.py"}]},
                    sort_keys=True, separators=(",", ":")).encode()
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                  "digest": digest(config), "size": len(config)},
                       "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                                   "digest": digest(layer), "size": len(layer)}]},
                      sort_keys=True, separators=(",", ":")).encode()
index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                    "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                                   "digest": digest(manifest), "size": len(manifest),
                                   "platform": {"architecture": "amd64", "os": "linux"},
                                   # ctr import names the image after io.containerd.image.name; other tools
                                   # read org.opencontainers.image.ref.name.
                                   "annotations": {"io.containerd.image.name": a.ref,
                                                   "org.opencontainers.image.ref.name": a.ref}}]},
                   sort_keys=True, separators=(",", ":")).encode()

partial = a.out + ".partial"
with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as t:
    def put(name, data=None):
        ti = tarfile.TarInfo(name)
        ti.mtime = epoch
        if data is None:
            ti.type, ti.mode = tarfile.DIRTYPE, 0o755
            t.addfile(ti)
        else:
            ti.size, ti.mode = len(data), 0o644
            t.addfile(ti, io.BytesIO(data))
    put("blobs"); put("blobs/sha256")
    for b in (config, manifest, layer):
        put("blobs/sha256/" + digest(b)[7:], b)
    put("index.json", index)
    put("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
os.replace(partial, a.out)
print(f"{a.ref} {digest(manifest)} layer {len(layer_raw) / 1e6:.1f} MB, compressed {len(layer) / 1e6:.1f} MB")
