package config

// Token is one word of a configuration statement, with where it was read.
// Brackets and parentheses used for lists ("[ 65000:1 65000:2 ]") are kept
// as their own tokens.
type Token struct {
	Text   string
	Pos    Position
	Quoted bool
}

// Node is one statement of a configuration file: its words, then either
// ";" (Block false) or a "{ ... }" block holding child statements. The
// grammar builds this tree; the model builder and the route parsers read it.
type Node struct {
	Words    []Token
	Block    bool
	Children []*Node
	Pos      Position
	// Run, when not empty, makes the node a run of simple statements
	// sharing their first word (Words holds that word alone): their text,
	// each ended by ";", starting at Pos. The route parsers split it
	// themselves (runStatements) rather than holding a Node per route.
	Run string
}
