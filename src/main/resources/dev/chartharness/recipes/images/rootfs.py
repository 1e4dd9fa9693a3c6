#!/usr/bin/env python3
"""Copies chosen files from a staging tree (Debian packages unpacked with dpkg-deb -x) into a minimal rootfs,
plus every shared library they need, resolved against the staging tree only (never the host).

  rootfs.py STAGING ROOTFS ITEM...

ITEM is a program name (looked up in bin, usr/bin, sbin, usr/sbin of STAGING), or a path relative to STAGING
(shell globs allowed; directories are copied recursively), optionally as SRC:DEST to rename on copy.
Symbolic links are copied as links and their targets follow. The rootfs is merged-/usr (bin, sbin, lib, lib64 are
links into usr/). Libraries come from the staging tree's own loader:
`ld-linux-x86-64.so.2 --library-path ... --list FILE` (what ldd does); a library it cannot find there is an error,
so the image never silently depends on what the build host happens to have installed.
Python 3 standard library only.
"""
import glob, os, shutil, subprocess, sys

staging, rootfs, items = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3:]
MERGED = {"bin", "sbin", "lib", "lib64", "lib32", "libx32"}
LIBDIRS = ["lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib", "usr/lib"]
LOADER = "lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
copied, elves = set(), []


def merged(rel):
    """staging-relative path -> rootfs-relative path under merged /usr."""
    rel = os.path.normpath(rel).lstrip("/")
    head = rel.split("/", 1)[0]
    return "usr/" + rel if head in MERGED else rel


def ensure_dir(rel):
    os.makedirs(os.path.join(rootfs, rel), exist_ok=True)


def copy(rel, dest=None):
    rel = os.path.normpath(rel).lstrip("/")
    dest = merged(dest or rel)
    if (rel, dest) in copied:
        return
    copied.add((rel, dest))
    src, dst = os.path.join(staging, rel), os.path.join(rootfs, dest)
    ensure_dir(os.path.dirname(dest))
    if os.path.islink(src):
        link = os.readlink(src)
        if os.path.lexists(dst):
            os.unlink(dst)
        os.symlink(link, dst)
        target = link.lstrip("/") if link.startswith("/") else os.path.join(os.path.dirname(rel), link)
        target = resolve_in_staging(target)
        if target:
            copy(target)
    elif os.path.isdir(src):
        ensure_dir(dest)
        shutil.copystat(src, dst)
        for n in sorted(os.listdir(src)):
            copy(f"{rel}/{n}", f"{dest}/{n}")
    elif os.path.isfile(src):
        shutil.copy2(src, dst)
        with open(src, "rb") as f:
            if f.read(4) == b"\x7fELF":
                elves.append(rel)
    else:
        sys.exit(f"rootfs: {rel}: not in the staging tree")


def resolve_in_staging(rel):
    """A link target inside staging, following merged-/usr: bin/x may live in usr/bin/x and vice versa."""
    rel = os.path.normpath(rel).lstrip("/")
    for cand in (rel, rel[4:] if rel.startswith("usr/") else "usr/" + rel):
        if os.path.lexists(os.path.join(staging, cand)):
            return cand
    print(f"rootfs: warning: link target {rel} not in the staging tree", file=sys.stderr)
    return None


def find(item):
    if "/" not in item:
        for d in ("bin", "usr/bin", "sbin", "usr/sbin"):
            if os.path.lexists(os.path.join(staging, d, item)):
                return [f"{d}/{item}"]
        sys.exit(f"rootfs: program {item} not in the staging tree")
    hits = sorted(os.path.relpath(h, staging) for h in glob.glob(os.path.join(staging, item.lstrip("/"))))
    if not hits:
        sys.exit(f"rootfs: {item} matches nothing in the staging tree")
    return hits


for item in items:
    src, _, dest = item.partition(":")
    for rel in find(src):
        copy(rel, dest or None)

loader = os.path.join(staging, LOADER)
libpath = ":".join(os.path.join(staging, d) for d in LIBDIRS)
done = set()
while elves:
    rel = elves.pop()
    if rel in done:
        continue
    done.add(rel)
    r = subprocess.run([loader, "--library-path", libpath, "--list", os.path.join(staging, rel)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        if "not a dynamic executable" in r.stdout + r.stderr or "statically linked" in r.stdout + r.stderr:
            continue
        # --list on a non-loadable object (e.g. a debug file) fails; only binaries and .so files matter.
        print(f"rootfs: note: {rel}: {(r.stdout + r.stderr).strip()[:200]}", file=sys.stderr)
        continue
    for line in r.stdout.splitlines():
        line = line.strip()
        if "=> not found" in line:
            sys.exit(f"rootfs: {rel} needs {line.split()[0]}, which no staged package provides")
        if "=>" in line:
            path = line.split("=>", 1)[1].split("(")[0].strip()
        elif line.startswith("/"):
            path = line.split("(")[0].strip()  # the loader itself
            path = os.path.join(staging, LOADER)
        else:
            continue  # linux-vdso.so.1
        if not path.startswith(staging + "/"):
            sys.exit(f"rootfs: {rel} resolved {path} outside the staging tree")
        lib = os.path.relpath(path, staging)
        copy(lib)
        real = os.path.relpath(os.path.realpath(path), staging)
        copy(real)
        elves.append(real)

# Merged /usr links and the loader at its ELF interpreter path /lib64/ld-linux-x86-64.so.2.
for d in sorted(MERGED):
    link = os.path.join(rootfs, d)
    if os.path.isdir(os.path.join(rootfs, "usr", d)) and not os.path.lexists(link):
        os.symlink("usr/" + d, link)
if os.path.lexists(os.path.join(rootfs, merged(LOADER))):
    ensure_dir("usr/lib64")
    l64 = os.path.join(rootfs, "usr/lib64/ld-linux-x86-64.so.2")
    if not os.path.lexists(l64):
        os.symlink("../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", l64)
    if not os.path.lexists(os.path.join(rootfs, "lib64")):
        os.symlink("usr/lib64", os.path.join(rootfs, "lib64"))
print(f"rootfs: {len(copied)} paths, {len(done)} ELF files checked")
