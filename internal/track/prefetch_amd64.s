#include "textflag.h"

// func prefetchPair(p unsafe.Pointer, q unsafe.Pointer, n int)
TEXT ·prefetchPair(SB), NOSPLIT, $0-24
	MOVQ p+0(FP), AX
	MOVQ q+8(FP), BX
	MOVQ n+16(FP), CX
	TESTQ AX, AX
	JZ lines
	PREFETCHT0 (AX)
lines:
	TESTQ CX, CX
	JLE done
loop:
	PREFETCHT0 (BX)
	ADDQ $64, BX
	DECQ CX
	JNZ loop
done:
	RET
