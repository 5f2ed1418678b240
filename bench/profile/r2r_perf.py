#!/usr/bin/env python3
"""Names the installed tool's precompiled methods in a perf profile.

perf cannot read the composite ReadyToRun image (TraceCurate.r2r.dll, a PE file), so its samples there show as bare
offsets. Packed with symbols, the image comes with a map of its methods (TraceCurate.r2r.ni.r2rmap: RVA, size, name):

    dotnet pack src/Tool -c Release -o DIR/nupkg -p:PublishReadyToRunEmitSymbols=true
    dotnet tool install TraceCurate --tool-path DIR/tools --add-source DIR/nupkg
    perf record -F 4000 -g -o run.perf -- DIR/tools/dotnet-trace-curate inspect FOLDER --json > /dev/null
    perf script -i run.perf -F comm,tid,time,ip,sym,dso | python3 bench/profile/r2r_perf.py DIR/tools [--comm NAME] [--top N] [--under NAME]

It prints the self and inclusive shares of every frame (the image's methods named through the map; JIT-compiled code,
whose names need DOTNET_PerfMapEnabled=1, shows as its mapping). --under NAME restricts the inclusive view to samples
that pass through a frame whose name contains NAME, and counts only the frames below it.
"""
import argparse, bisect, collections, glob, os, re, struct, sys

ap = argparse.ArgumentParser()
ap.add_argument("tools", help="the --tool-path of the installed tool")
ap.add_argument("--comm", help="only threads whose name starts so (perf's comm, e.g. 'dotnet-trace', '.NET Long')")
ap.add_argument("--top", type=int, default=40)
ap.add_argument("--under", help="only samples through a frame whose name contains this, frames below it")
args = ap.parse_args()

image = glob.glob(os.path.join(args.tools, ".store", "**", "TraceCurate.r2r.dll"), recursive=True)
if not image:
    sys.exit("no TraceCurate.r2r.dll under " + args.tools)
image = image[0]
rmap = image[: -len(".dll")] + ".ni.r2rmap"
if not os.path.exists(rmap):
    sys.exit(rmap + " is missing: pack with -p:PublishReadyToRunEmitSymbols=true")

# perf gives an offset into the file, the map an RVA: the section headers say how one becomes the other.
pe = open(image, "rb").read(4096)
header = struct.unpack_from("<I", pe, 0x3C)[0]
count, optional = struct.unpack_from("<H", pe, header + 6)[0], struct.unpack_from("<H", pe, header + 20)[0]
sections = []
for i in range(count):
    _, vsize, va, rawsize, rawptr = struct.unpack_from("<8sIIII", pe, header + 24 + optional + 40 * i)
    sections.append((rawptr, rawsize, va))

def rva(offset):
    for rawptr, rawsize, va in sections:
        if rawptr <= offset < rawptr + rawsize:
            return offset - rawptr + va
    return None

def without_return_type(full):
    # "ReturnType Declaring.Type::Method(args)": the declaring type may hold spaces inside its generic brackets.
    at = full.find("::")
    if at < 0:
        return full
    depth, i = 0, at - 1
    while i >= 0:
        c = full[i]
        if c == "]":
            depth += 1
        elif c == "[":
            depth -= 1
        elif c == " " and depth == 0:
            break
        i -= 1
    return full[i + 1:]

starts, names = [], []
for line in open(rmap):
    parts = line.rstrip("\n").split(" ", 2)
    if len(parts) == 3 and not parts[0].startswith("FFFFFF"):
        starts.append(int(parts[0], 16))
        names.append(without_return_type(parts[2]))
order = sorted(range(len(starts)), key=starts.__getitem__)
starts, names = [starts[i] for i in order], [names[i] for i in order]

def name(ip, sym, dso):
    if dso.endswith("TraceCurate.r2r.dll"):
        at = rva(int(ip, 16))
        i = bisect.bisect_right(starts, at) - 1 if at is not None else -1
        return names[i] if i >= 0 else "[TraceCurate.r2r.dll]"
    return sym if sym != "[unknown]" else "[" + os.path.basename(dso) + "]"

samples, frames, keep = [], None, False
for line in sys.stdin:
    if not line.strip():
        if frames is not None and keep:
            samples.append(frames)
        frames = None
        continue
    if not line.startswith(("\t", " ")):
        comm = re.match(r"(.+?)\s+\d+\s+[\d.]+:", line)
        keep = comm is not None and (not args.comm or comm.group(1).strip().startswith(args.comm))
        frames = []
        continue
    frame = re.match(r"\s*([0-9a-f]+)\s+(.*?)\s+\((.*)\)\s*$", line)
    if frame and frames is not None:
        frames.append(name(*frame.groups()))
if frames and keep:
    samples.append(frames)

total = len(samples)
if total == 0:
    sys.exit("no samples")
own, inclusive, through = collections.Counter(), collections.Counter(), 0
for stack in samples:
    if stack:
        own[stack[0]] += 1
    if args.under:
        at = [i for i, f in enumerate(stack) if args.under in f]
        if not at:
            continue
        through += 1
        stack = stack[: max(at)]
    for f in set(stack):
        inclusive[f] += 1
print(f"{total} samples" + (f", {through} through {args.under}" if args.under else ""))
print("--- self")
for f, n in own.most_common(args.top):
    print(f"{100 * n / total:6.2f}%  {f[:160]}")
print("--- inclusive" + (" below " + args.under if args.under else ""))
for f, n in inclusive.most_common(args.top):
    print(f"{100 * n / total:6.2f}%  {f[:160]}")
