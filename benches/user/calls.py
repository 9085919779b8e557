"""Out-of-line calls of the hot functions of a tinymlp-userbench binary built with
-C symbol-mangling-version=v0 (generic arguments in the names): for every function whose
shortened name matches REGEX, its size and the functions it calls or jumps to (directly or
through the GOT), with their sizes. Calls into std, core, alloc, panics and formatting are
left out.

Usage: python3 calls.py BINARY [REGEX]   (benches/user/calls.sh runs it for every profile)
"""
import sys,re,collections,subprocess,bisect
binary=sys.argv[1]
pat=sys.argv[2] if len(sys.argv)>2 else r'checked_step|::predict$|userbench::train|userbench::predict_one|Loss>::value|pre_activation|sgd_one|forward_one'
def short(n):
    n=re.sub(r'tinymlp::net::mlp::Mlp2<2, 2, 1, tinymlp::activation::fixed::(\w+), tinymlp::activation::fixed::\w+>', r'Net<fixed::\1>', n)
    n=n.replace('tinymlp::net::mlp::Mlp2<2, 2, 1>','Net<Activation>')
    n=re.sub(r'tinymlp::train::trainer::Trainer<(Net<[^>]*>), tinymlp::optim::sgd::Sgd, tinymlp::train::batching::Online>', r'Trainer<\1, Online>', n)
    n=re.sub(r'tinymlp::train::trainer::Trainer<(Net<[^>]*>), tinymlp::optim::sgd::Sgd>', r'Trainer<\1>', n)
    n=re.sub(r'tinymlp::layer::dense::Dense<(\d+), (\d+)(, tinymlp::activation::fixed::(\w+)|)>', lambda m: f'Dense<{m.group(1)}, {m.group(2)}{", fixed::"+m.group(4) if m.group(4) else ""}>', n)
    n=n.replace('tinymlp_userbench::','userbench::').replace('tinymlp::activation::fixed::','fixed::').replace('tinymlp::activation::Activation','Activation')
    return n
got={}
for l in subprocess.run(['readelf','-rW',binary],capture_output=True,text=True).stdout.splitlines():
    f=l.split()
    if len(f)>=4 and 'RELATIVE' in f[2]: got[int(f[0],16)]=int(f[3],16)
    elif len(f)>=5 and 'GLOB_DAT' in f[2]: got[int(f[0],16)]=f[4]
syms={}
for l in subprocess.run(['nm','-C','-S',binary],capture_output=True,text=True).stdout.splitlines():
    f=l.split(' ',3)
    if len(f)==4 and f[0] and f[1] and f[2] in 'tTwW': syms[int(f[0],16)]=(int(f[1],16),short(f[3]))
asm=subprocess.run(['objdump','-d','--no-show-raw-insn',binary],capture_output=True,text=True).stdout
cur=None; calls=collections.defaultdict(collections.Counter); order=[]; regs={}
for l in asm.splitlines():
    m=re.match(r'^([0-9a-f]+) <.*>:$',l)
    if m:
        a=int(m.group(1),16); cur=syms.get(a,(0,hex(a)))[1]; regs={}
        if not re.search(pat,cur): cur=None
        elif cur not in order: order.append(cur)
        continue
    if cur is None: continue
    # A function pointer loaded from the GOT into a register, then `call *%reg`.
    m=re.search(r'\smov\s+0x[0-9a-f]+\(%rip\),%(\w+)\s+# ([0-9a-f]+)',l)
    if m: regs[m.group(1)]=got.get(int(m.group(2),16))
    m=re.search(r'\s(call|jmp)\s+\*%(\w+)\s*$',l)
    if m and regs.get(m.group(2)) is not None:
        t=regs[m.group(2)]
        if isinstance(t,str): calls[cur][(m.group(1),t,'?')]+=1
        elif t in syms and syms[t][1]!=cur: calls[cur][(m.group(1),syms[t][1],syms[t][0])]+=1
        continue
    m=re.search(r'\s(call|jmp)\s+([0-9a-f]+) <',l)
    t=None
    if m: t=int(m.group(2),16)
    m2=re.search(r'\s(call|jmp)\s+\*0x[0-9a-f]+\(%rip\)\s+# ([0-9a-f]+)',l)
    if m2: t=got.get(int(m2.group(2),16))
    if t is None: continue
    kind=(m or m2).group(1)
    if isinstance(t,str): calls[cur][(kind,t,'?')]+=1; continue
    if t in syms and syms[t][1]!=cur: calls[cur][(kind,syms[t][1],syms[t][0])]+=1
size={v[1]:v[0] for v in syms.values()}
for f in order:
    print(f'{f}  [{size.get(f,"?")} B]')
    for (k,c,s),n in sorted(calls[f].items()):
        if re.search(r'panic|unwrap_failed|Instant|fmt|_Unwind|alloc|std::|core::|memcpy|memset|free@|strlen',c): continue
        print(f'    {n}× {k} {c}  [{s} B]')
