#include "textflag.h"

// prefixMask holds 16 bytes of 0xFF then 16 of zero: the 16 bytes from
// prefixMask+16-k keep the first k bytes of a block.
DATA prefixMask<>+0(SB)/8, $0xffffffffffffffff
DATA prefixMask<>+8(SB)/8, $0xffffffffffffffff
DATA prefixMask<>+16(SB)/8, $0
DATA prefixMask<>+24(SB)/8, $0
GLOBL prefixMask<>(SB), RODATA|NOPTR, $32

// func frameScan(b []byte, i int) (j int, acc uint64)
//
// Sixteen bytes a turn (SSE2) while b[i:] holds sixteen: a block's bytes
// below '+' as signed bytes (control characters, ' ' to '*', and every
// byte of 0x80 and above) and its '\\' are flagged; a block with none is
// XORed into X6; in the first block with one, the bytes before the first
// flagged one are, and j is that byte. acc is X6's two halves XORed.
TEXT ·frameScan(SB), NOSPLIT, $0-48
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), BX
	MOVQ i+24(FP), DI
	SUBQ $16, BX              // a block at DI needs DI+16 <= len(b)
	MOVQ $0x2b2b2b2b2b2b2b2b, AX
	MOVQ AX, X0
	PUNPCKLQDQ X0, X0         // '+' in every byte
	MOVQ $0x5c5c5c5c5c5c5c5c, AX
	MOVQ AX, X1
	PUNPCKLQDQ X1, X1         // '\\' in every byte
	PXOR X6, X6

loop:
	CMPQ DI, BX
	JGT done
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
	LEAQ prefixMask<>+16(SB), R8
	SUBQ CX, R8
	MOVOU (R8), X5
	PAND X5, X2               // the bytes before it
	PXOR X2, X6
	ADDQ CX, DI

done:
	MOVQ X6, AX
	PSRLDQ $8, X6
	MOVQ X6, DX
	XORQ DX, AX
	MOVQ DI, j+32(FP)
	MOVQ AX, acc+40(FP)
	RET
