# Rewrites, in a copy of the generated Sweep128x64x10 (renamed Sweep128x64x10W), the loop of ForwardKernel that applies
# Train's pending update of the first layer (128 -> 64) and computes that layer's net inputs, from Vector256 to
# Vector512: the same rows, accumulators and order of operations, eight lanes instead of four, each row's two
# accumulators added and folded to a Vector256 (lower + upper half) before the generated LaneSums. Nothing else changes.
import sys
path = sys.argv[1]
s = open(path).read()
start = s.index('_updatePending = false;\n')
loop_start = s.index('for (nuint j = 0; j < 64; j += 4)', start)
i = s.index('{', loop_start); depth = 0
while True:
    if s[i] == '{': depth += 1
    elif s[i] == '}':
        depth -= 1
        if depth == 0: break
    i += 1
old = s[loop_start:i + 1]
tail = [l for l in old.split('\n') if 'var net = ' in l or 'StoreUnsafe(net, ref a' in l or 'Vector256.Exp(-net)' in l]
U = 'global::System.Runtime.CompilerServices.Unsafe'
V5 = 'global::System.Runtime.Intrinsics.Vector512'
ind = ' ' * 24
body = ['for (nuint j = 0; j < 64; j += 4)', ' ' * 20 + '{',
        ind + f'ref double w = ref {U}.Add(ref p, 0 + j * 128);',
        ind + f'{V5}<double> ' + ', '.join(f'net_{r}{b} = {V5}<double>.Zero' for b in ['', 'b'] for r in range(4)) + ';']
for r in range(4):
    body.append(ind + f'var minus_eta_delta_{r} = {V5}.Create({U}.Add(ref q, 128 + j{" + " + str(r) if r else ""}));')
body += [ind + f'{V5}<double> w_0, w_1, w_2, w_3;', ind + 'for (nuint k = 0; k < 128; k += 16)', ind + '{']
for half, (off, suf) in enumerate([('', ''), (' + 8', 'b')]):
    body.append(ind + f'    var x_k{half} = {V5}.LoadUnsafe(ref x, (nuint)(k{off}));')
    body.append(ind + f'    var prev_x_k{half} = {V5}.LoadUnsafe(ref q, (nuint)(k{off}));')
    for r in range(4):
        o = f'k{off}' + (f' + {128 * r}' if r else '')
        body.append(ind + f'    w_{r} = {V5}.FusedMultiplyAdd(minus_eta_delta_{r}, prev_x_k{half}, {V5}.LoadUnsafe(ref w, (nuint)({o})));')
        body.append(ind + f'    {V5}.StoreUnsafe(w_{r}, ref w, (nuint)({o}));')
        body.append(ind + f'    net_{r}{suf} = {V5}.FusedMultiplyAdd(w_{r}, x_k{half}, net_{r}{suf});')
body += [ind + '}', '']
for r in range(4):
    body.append(ind + f'var s_{r} = net_{r} + net_{r}b; var net_{r}_256 = {V5}.GetLower(s_{r}) + {V5}.GetUpper(s_{r});')
for l in tail:
    body.append(l.replace('LaneSums(net_0, net_1, net_2, net_3)', 'LaneSums(net_0_256, net_1_256, net_2_256, net_3_256)'))
body.append(' ' * 20 + '}')
new = '\n'.join(body)
assert 'LaneSums(net_0_256' in new
open(path, 'w').write(s[:loop_start] + new + s[i + 1:])
