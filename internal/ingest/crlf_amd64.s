#include "textflag.h"

// func crlfScan(b []byte) (lfs, done int)
//
// Sixteen bytes a turn (SSE2): the LFs of a block are added to byte
// counters (PCMPEQB gives -1 per match, PSUBB adds it), folded into lfs
// every 255 turns at most (PSADBW); a block holding a CR that no LF
// follows (the byte after the block is read too, so a block starts no
// later than len(b)-17) ends the scan before it.
TEXT ·crlfScan(SB), NOSPLIT, $0-40
	MOVQ b_base+0(FP), SI
	MOVQ b_len+8(FP), BX
	SUBQ $16, BX              // a block at DI needs DI+17 <= len(b)
	XORQ DI, DI
	XORQ R8, R8
	MOVQ $0x0a0a0a0a0a0a0a0a, AX
	MOVQ AX, X0
	PUNPCKLQDQ X0, X0         // LF in every byte
	MOVQ $0x0d0d0d0d0d0d0d0d, AX
	MOVQ AX, X1
	PUNPCKLQDQ X1, X1         // CR in every byte
	PXOR X7, X7

outer:
	PXOR X6, X6               // byte counters
	MOVQ $255, CX

inner:
	CMPQ DI, BX
	JGE fold
	MOVOU (SI)(DI*1), X2
	MOVOU 1(SI)(DI*1), X3
	MOVO X2, X4
	PCMPEQB X1, X4            // CRs
	PCMPEQB X0, X3            // bytes an LF follows
	PCMPEQB X0, X2            // LFs
	PMOVMSKB X4, AX
	PMOVMSKB X3, DX
	NOTL DX
	ANDL DX, AX               // CRs no LF follows
	JNZ fold
	PSUBB X2, X6
	ADDQ $16, DI
	DECQ CX
	JNZ inner
	PSADBW X7, X6
	PSHUFD $0x4e, X6, X5
	PADDQ X5, X6
	MOVQ X6, AX
	ADDQ AX, R8
	JMP outer

fold:
	PSADBW X7, X6
	PSHUFD $0x4e, X6, X5
	PADDQ X5, X6
	MOVQ X6, AX
	ADDQ AX, R8
	MOVQ R8, lfs+24(FP)
	MOVQ DI, done+32(FP)
	RET
