"""A cache hint for compiled loops (numba): :func:`prefetch` asks the CPU to fetch an entry early.

A loop that visits agents in a list it knows in advance (the lead holders of a step, say) can
name the rows it will read a few turns ahead, so that they arrive while the current agent is
worked on instead of each stalling the loop.  A hint changes no result, only when memory is
read: it compiles to one ``prefetcht0`` instruction (LLVM's ``llvm.prefetch``).

The kernels that call :func:`prefetch` are cached by numba (``cache=True``), and numba's cache
does not notice edits to functions imported from another file: after changing this module,
clear the cache (the ``__pycache__/*.nbi``/``*.nbc`` files next to the kernels).
"""

from __future__ import annotations

from llvmlite import ir
from numba import types
from numba.core import cgutils
from numba.extending import intrinsic


@intrinsic
def prefetch(typingctx, array, index):
    """Hint that ``array[index]`` (a 1-d array, an integer index) will be read soon."""
    if not (isinstance(array, types.Array) and array.ndim == 1):
        return None
    if not isinstance(index, types.Integer):
        return None

    def codegen(context, builder, signature, args):
        array_type = signature.args[0]
        entries = context.make_array(array_type)(context, builder, args[0])
        # as a pointer-sized integer: the address of an entry of a strided array multiplies
        # the index by the (64-bit) stride, which needs both of one width
        index = context.cast(builder, args[1], signature.args[1], types.intp)
        address = cgutils.get_item_pointer(context, builder, array_type, entries, [index])
        byte_pointer = ir.IntType(8).as_pointer()
        i32 = ir.IntType(32)
        hint = ir.FunctionType(ir.VoidType(), [byte_pointer, i32, i32, i32])
        function = cgutils.get_or_insert_function(builder.module, hint, "llvm.prefetch.p0")
        # read (0), keep in every cache level (3), data cache (1)
        builder.call(function, [builder.bitcast(address, byte_pointer), i32(0), i32(3), i32(1)])
        return context.get_dummy_value()

    return types.void(array, index), codegen
