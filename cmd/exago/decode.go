package main

import (
	"encoding/hex"
	"fmt"
	"io"
	"strings"

	"github.com/exago/exago/api"
	"github.com/exago/exago/codec"
	"github.com/exago/exago/config"
)

// runDecode prints a BGP message given in hex as ExaBGP's JSON.
func runDecode(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("decode", "decode [--family AFI SAFI] [-c CONF] HEX", stderr)
	family := fs.StringP("family", "f", "", `family of the message ("ipv4 unicast", or AFI then SAFI)`)
	conf := fs.StringP("configuration", "c", "", "decode as received from the first neighbor of this configuration")
	if ok, err := parseFlags(fs, args, ""); !ok {
		return err
	}
	rest := fs.Args()
	var fam *codec.Family
	if *family != "" {
		words := strings.Fields(*family)
		if len(words) == 1 && len(rest) > 1 {
			// --family ipv4 unicast HEX: the SAFI is the first positional word.
			words = append(words, rest[0])
			rest = rest[1:]
		}
		f, err := parseFamily(words)
		if err != nil {
			return usageError("decode: %v", err)
		}
		fam = &f
	}
	if len(rest) == 0 {
		fs.Usage()
		return usageError("decode: no message given")
	}
	return decodeHex(strings.Join(rest, ""), fam, *conf, stdout)
}

// parseFamily reads "AFI SAFI" as ExaBGP names them.
func parseFamily(words []string) (codec.Family, error) {
	if len(words) != 2 {
		return codec.Family{}, fmt.Errorf("family %q: want AFI SAFI", strings.Join(words, " "))
	}
	return codec.ParseFamily(words[0], words[1])
}

// decodeHex decodes a message written in hex, with or without its marker;
// colons and spaces are ignored as ExaBGP does. With conf, the message is
// decoded as received from the first neighbor of that configuration.
func decodeHex(s string, fam *codec.Family, conf string, stdout io.Writer) error {
	s = strings.NewReplacer(":", "", " ", "", "\n", "", "\t", "").Replace(s)
	raw, err := hex.DecodeString(s)
	if err != nil {
		return usageError("decode: the message must be hexadecimal: %v", err)
	}
	var out []byte
	if conf != "" {
		cfg, lerr := config.Load(conf)
		if lerr != nil {
			return &exitError{code: 2, err: lerr}
		}
		if len(cfg.Neighbors) == 0 {
			return usageError("decode: %s has no neighbor", conf)
		}
		out, err = api.DecodeJSONForNeighbor(raw, cfg.Neighbors[0])
	} else {
		out, err = api.DecodeJSON(raw, codec.Options{ASN4: true}, fam)
	}
	if err != nil {
		return &exitError{code: 1, err: err}
	}
	_, err = stdout.Write(out)
	return err
}
