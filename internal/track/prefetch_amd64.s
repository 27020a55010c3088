#include "textflag.h"

// func prefetch3(p, q, r unsafe.Pointer, n int)
TEXT ·prefetch3(SB), NOSPLIT, $0-32
	MOVQ p+0(FP), AX
	MOVQ q+8(FP), BX
	MOVQ r+16(FP), DX
	MOVQ n+24(FP), CX
	TESTQ AX, AX
	JZ second
	PREFETCHT0 (AX)
second:
	TESTQ BX, BX
	JZ lines
	PREFETCHT0 (BX)
lines:
	TESTQ CX, CX
	JLE done
loop:
	PREFETCHT0 (DX)
	ADDQ $64, DX
	DECQ CX
	JNZ loop
done:
	RET
