// Package deps pins the module's third-party dependencies while the
// packages that use them are being written. It is removed once they are.
package deps

import (
	_ "github.com/alecthomas/participle/v2"
	_ "github.com/spf13/pflag"
	_ "github.com/stretchr/testify/assert"
	_ "github.com/stretchr/testify/require"
)
