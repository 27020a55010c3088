#include "textflag.h"

// func Lines(p unsafe.Pointer, n int)
TEXT ·Lines(SB), NOSPLIT, $0-16
	MOVQ p+0(FP), AX
	MOVQ n+8(FP), CX
	TESTQ CX, CX
	JLE done
loop:
	PREFETCHT0 (AX)
	ADDQ $64, AX
	DECQ CX
	JNZ loop
done:
	RET

// func Six(p, q, r, s, t, u unsafe.Pointer, n int)
TEXT ·Six(SB), NOSPLIT, $0-56
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
	JZ fourth
	PREFETCHT0 (AX)
fourth:
	MOVQ s+24(FP), AX
	TESTQ AX, AX
	JZ fifth
	PREFETCHT0 (AX)
fifth:
	MOVQ t+32(FP), AX
	TESTQ AX, AX
	JZ lines
	PREFETCHT0 (AX)
lines:
	MOVQ u+40(FP), DX
	MOVQ n+48(FP), CX
	TESTQ CX, CX
	JLE done
loop:
	PREFETCHT0 (DX)
	ADDQ $64, DX
	DECQ CX
	JNZ loop
done:
	RET
