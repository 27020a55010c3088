#include "textflag.h"

// func prefetch4(p, q, r, s unsafe.Pointer, n int)
TEXT ·prefetch4(SB), NOSPLIT, $0-40
	MOVQ p+0(FP), AX
	TESTQ AX, AX
	JZ second
	PREFETCHT0 (AX)
second:
	MOVQ q+8(FP), AX
	TESTQ AX, AX
	JZ third
	PREFETCHT0 (AX)
third:
	MOVQ r+16(FP), AX
	TESTQ AX, AX
	JZ lines
	PREFETCHT0 (AX)
lines:
	MOVQ s+24(FP), DX
	MOVQ n+32(FP), CX
	TESTQ CX, CX
	JLE done
loop:
	PREFETCHT0 (DX)
	ADDQ $64, DX
	DECQ CX
	JNZ loop
done:
	RET
