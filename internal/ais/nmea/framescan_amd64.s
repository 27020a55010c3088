#include "textflag.h"

// prefixMask holds 16 bytes of 0xFF then 16 of zero: the 16 bytes from
// prefixMask+16-k keep the first k bytes of a block.
DATA prefixMask<>+0(SB)/8, $0xffffffffffffffff
DATA prefixMask<>+8(SB)/8, $0xffffffffffffffff
DATA prefixMask<>+16(SB)/8, $0
DATA prefixMask<>+24(SB)/8, $0
GLOBL prefixMask<>(SB), RODATA|NOPTR, $32

// func frameFast(b []byte, i int, sum byte) (n int)
//
// Sixteen bytes a turn (SSE2) while b[i:] holds sixteen: a block's bytes
// below '+' as signed bytes (control characters, ' ' to '*', and every
// byte of 0x80 and above) and its '\\' are flagged; a block with none is
// XORed into X6. The first flagged byte must be a '*' followed by the
// "hh" of hexUpper: the sum of the body (sum, then the bytes XORed).
TEXT ·frameFast(SB), NOSPLIT, $0-48
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), BX
	MOVQ i+24(FP), DI
	MOVQ BX, R10
	SUBQ $16, R10             // a block at DI needs DI+16 <= len(b)
	MOVQ $0x2b2b2b2b2b2b2b2b, AX
	MOVQ AX, X0
	PUNPCKLQDQ X0, X0         // '+' in every byte
	MOVQ $0x5c5c5c5c5c5c5c5c, AX
	MOVQ AX, X1
	PUNPCKLQDQ X1, X1         // '\\' in every byte
	PXOR X6, X6

loop:
	CMPQ DI, R10
	JGT fail                  // no flagged byte in the whole blocks
	MOVOU (SI)(DI*1), X2
	MOVO X0, X3
	PCMPGTB X2, X3            // '+' > byte, signed
	MOVO X2, X4
	PCMPEQB X1, X4
	POR X4, X3
	PMOVMSKB X3, AX
	TESTL AX, AX
	JNZ stop
	PXOR X2, X6
	ADDQ $16, DI
	JMP loop

stop:
	BSFL AX, CX               // the first flagged byte
	ADDQ CX, DI
	CMPB (SI)(DI*1), $0x2a    // '*'
	JNE fail
	LEAQ 2(DI), R11
	CMPQ R11, BX
	JGE fail                  // no room for "hh"
	LEAQ prefixMask<>+16(SB), R8
	SUBQ CX, R8
	MOVOU (R8), X5
	PAND X5, X2               // the bytes before the '*'
	PXOR X2, X6
	MOVQ X6, AX               // fold the XOR to a byte
	PSRLDQ $8, X6
	MOVQ X6, DX
	XORQ DX, AX
	MOVQ AX, DX
	SHRQ $32, DX
	XORQ DX, AX
	MOVL AX, DX
	SHRL $16, DX
	XORL DX, AX
	MOVL AX, DX
	SHRL $8, DX
	XORL DX, AX
	MOVBLZX sum+32(FP), DX
	XORL DX, AX
	MOVBLZX AL, AX
	LEAQ ·hexUpper(SB), R8
	MOVWLZX (R8)(AX*2), AX
	MOVWLZX 1(SI)(DI*1), DX
	CMPL AX, DX
	JNE fail
	ADDQ $3, DI
	MOVQ DI, n+40(FP)
	RET

fail:
	MOVQ $0, n+40(FP)
	RET
