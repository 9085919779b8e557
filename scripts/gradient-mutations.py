#!/usr/bin/env python3
"""Mutation check for the gradient tests: applies one deliberate error at a time to a
gradient formula and checks that `cargo test --test gradients` fails. Run from the
repository root: python3 scripts/gradient-mutations.py"""
import subprocess, sys
muts = [
 ('src/activation.rs', 'Activation::Sigmoid => a * (1.0 - a),', 'Activation::Sigmoid => a * (1.0 - a) * 1.01,'),
 ('src/activation.rs', 'Activation::Tanh => 1.0 - a * a,', 'Activation::Tanh => 1.0 - a,'),
 ('src/activation.rs', 'if a > 0.0 {\n                    1.0', 'if a >= 0.0 {\n                    1.0'),
 ('src/activation.rs', '*d = a * (*d - dot);', '*d = a * *d;'),
 ('src/activation.rs', '*d = a * (*d - s);', '*d = a * *d;'),
 ('src/loss.rs', '*d = 2.0 * (a - y) / n;', '*d = (a - y) / n;'),
 ('src/loss.rs', '*d = 2.0 * e / n;', '*d = e / n;'),
 ('src/loss.rs', '''                for ((d, a), y) in dz.iter_mut().zip(a).zip(y) {
                    *d = (a - y) / n;''', '''                for ((d, a), y) in dz.iter_mut().zip(a).zip(y) {
                    *d = a - y;'''),
 ('src/loss.rs', '*d = (a - y) / n;\n                        *s += bce', '*d = a - y;\n                        *s += bce'),
 ('src/kernel/dense.rs', '            *g = dz * x;', '            *g = dz * x * 0.99;'),
 ('src/kernel/dense.rs', '    gb.copy_from_slice_checked(dz);', '    gb.copy_from_slice_checked(dz);\n    gb.iter_mut().for_each(|g| *g *= 2.0);'),
 ('src/kernel/dense.rs', '            *p += d;', '            *p += 2.0 * d;'),
 ('src/kernel/dense.rs', '                *p += d * x;', '                *p += d * x * x;'),
 ('src/kernel/dense.rs', '            *dx += w * dz;\n        }\n    }\n}', '            *dx += w * dz * 1.1;\n        }\n    }\n}'),
 ('src/kernel/dense.rs', '                *dx += w * dz;', '                *dx += w * (dz + 0.01);'),
 ('src/net/engine.rs', '            *g = reduce(p) / n;\n        }\n    }', '            *g = reduce(p);\n        }\n    }'),
]
ok = True
for f, a, b in muts:
    s = open(f).read()
    assert s.count(a) >= 1, (f, a)
    open(f, 'w').write(s.replace(a, b, 1))
    r = subprocess.run(['cargo', 'test', '-q', '--test', 'gradients'], capture_output=True, text=True)
    open(f, 'w').write(s)
    caught = r.returncode != 0
    ok &= caught
    print('caught' if caught else 'MISSED', f, b.strip().splitlines()[0][:60])
print('all caught' if ok else 'SOME MISSED')
