#include "textflag.h"

// Broadcast constants (16 bytes each) for unpackBlocks.
DATA unpackConsts<>+0(SB)/8, $0x2f2f2f2f2f2f2f2f   // '0'-1
DATA unpackConsts<>+8(SB)/8, $0x2f2f2f2f2f2f2f2f
DATA unpackConsts<>+16(SB)/8, $0x7878787878787878  // 'w'+1
DATA unpackConsts<>+24(SB)/8, $0x7878787878787878
DATA unpackConsts<>+32(SB)/8, $0x5757575757575757  // 'W'
DATA unpackConsts<>+40(SB)/8, $0x5757575757575757
DATA unpackConsts<>+48(SB)/8, $0x6060606060606060  // '`'
DATA unpackConsts<>+56(SB)/8, $0x6060606060606060
DATA unpackConsts<>+64(SB)/8, $0x3030303030303030  // '0'
DATA unpackConsts<>+72(SB)/8, $0x3030303030303030
DATA unpackConsts<>+80(SB)/8, $0x0808080808080808  // 8
DATA unpackConsts<>+88(SB)/8, $0x0808080808080808
DATA unpackConsts<>+96(SB)/8, $0x00ff00ff00ff00ff  // the low byte of each word
DATA unpackConsts<>+104(SB)/8, $0x00ff00ff00ff00ff
DATA unpackConsts<>+112(SB)/8, $0x0001100000011000 // 4096, 1 in each pair of words
DATA unpackConsts<>+120(SB)/8, $0x0001100000011000
GLOBL unpackConsts<>(SB), RODATA|NOPTR, $128

// BLOCK turns the 16 characters in X0 into 96 bits, the first 48 in R10
// and the next 48 in R11, each in the top of the register as it is to be
// stored big-endian (BSWAPQ), or jumps to bad if one is not in the armour.
// It uses X1-X5, AX, DX.
#define BLOCK \
	MOVO X0, X1 \
	PCMPGTB X8, X1            /* c > '0'-1 */ \
	MOVO X9, X2 \
	PCMPGTB X0, X2            /* 'w'+1 > c */ \
	PAND X2, X1               /* '0' <= c <= 'w' (bytes of 0x80 and above are negative) */ \
	MOVO X0, X3 \
	PCMPGTB X10, X3           /* c > 'W' */ \
	MOVO X11, X4 \
	PCMPGTB X0, X4            /* '`' > c */ \
	PAND X3, X4               /* between 'W' and '`': out of the armour */ \
	PANDN X1, X4              /* in the armour */ \
	PMOVMSKB X4, AX \
	CMPL AX, $0xffff \
	JNE bad \
	PSUBB X12, X0             /* c - '0' */ \
	PAND X13, X3              /* 8 where c > 'W' */ \
	PSUBB X3, X0              /* the 6-bit values */ \
	MOVO X0, X5 \
	PAND X14, X5              /* the first of each pair, in words */ \
	PSLLW $6, X5 \
	PSRLW $8, X0              /* the second */ \
	POR X5, X0                /* 12 bits a word */ \
	MOVOU 112(R9), X5 \
	PMADDWL X5, X0            /* 24 bits a doubleword */ \
	MOVQ X0, AX \
	PSRLDQ $8, X0 \
	MOVQ X0, DX \
	MOVL AX, R10 \
	SHRQ $32, AX \
	SHLQ $24, R10 \
	ORQ AX, R10 \
	SHLQ $16, R10 \
	BSWAPQ R10 \
	MOVL DX, R11 \
	SHRQ $32, DX \
	SHLQ $24, R11 \
	ORQ DX, R11 \
	SHLQ $16, R11 \
	BSWAPQ R11

// func unpackBlocks(dst *[maxPayloadBytes + 8]byte, payload []byte) int
//
// Sixteen characters a turn (SSE2), 12 bytes written as two 8-byte stores
// (the second overwrites the first's two zero bytes, the next turn the
// second's); the last one to fifteen characters are copied in front of
// sixteen '0' (zero bits) on the stack and taken the same way, with the
// second store only when they fill more than six bytes. It returns the
// bytes holding payload bits, or -1 if a character is not in the armour.
// The payload must have 16 to maxPayloadBytes*8/6 characters.
TEXT ·unpackBlocks(SB), NOSPLIT, $48-40
	MOVQ dst+0(FP), DI
	MOVQ payload_base+8(FP), SI
	MOVQ payload_len+16(FP), BX
	LEAQ unpackConsts<>(SB), R9
	MOVOU 0(R9), X8
	MOVOU 16(R9), X9
	MOVOU 32(R9), X10
	MOVOU 48(R9), X11
	MOVOU 64(R9), X12
	MOVOU 80(R9), X13
	MOVOU 96(R9), X14
	XORQ CX, CX               // characters taken
	XORQ R8, R8               // bytes written
	LEAQ -16(BX), R12         // a block at CX needs CX+16 <= len(payload)

loop:
	CMPQ CX, R12
	JGT tail
	MOVOU (SI)(CX*1), X0
	BLOCK
	MOVQ R10, (DI)(R8*1)
	MOVQ R11, 6(DI)(R8*1)
	ADDQ $16, CX
	ADDQ $12, R8
	JMP loop

tail:
	MOVQ BX, R13
	SUBQ CX, R13              // characters left, 0..15
	JZ end
	MOVOU X12, 16(SP)         // sixteen '0'
	MOVOU -16(SI)(BX*1), X0   // the last sixteen characters,
	MOVOU X0, (SP)(R13*1)     // the last R13 of them at 16(SP)
	MOVOU 16(SP), X0
	BLOCK
	MOVQ R10, (DI)(R8*1)
	CMPQ R13, $8
	JLE short
	MOVQ R11, 6(DI)(R8*1)

short:
	IMULQ $6, R13             // bytes with payload bits: (6*left+7)/8
	ADDQ $7, R13
	SHRQ $3, R13
	ADDQ R13, R8

end:
	MOVQ R8, ret+32(FP)
	RET

bad:
	MOVQ $-1, ret+32(FP)
	RET
