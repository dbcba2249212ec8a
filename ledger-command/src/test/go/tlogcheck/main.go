// Command tlogcheck checks the ledger's Merkle log with Go's own transparency-log code
// (golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog), none of it written by the project:
// it opens the served checkpoint note with the verifier key, recomputes the tree from the entry bundles,
// compares every served tile with it, checks an inclusion proof of every leaf and a consistency proof
// from an older checkpoint. It prints one line per finding and exits 1 when anything fails.
//
//	tlogcheck -log http://host:8081/api/v1/audit/log -key '<verifier key>' [-token T] [-old old-checkpoint]
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8

var (
	logURL = flag.String("log", "", "the log's URL prefix (…/api/v1/audit/log)")
	key    = flag.String("key", "", "the signed-note verifier key of the log's checkpoints")
	token  = flag.String("token", os.Getenv("LEDGER_TOKEN"), "bearer token sent with every request")
	old    = flag.String("old", "", "a file holding an older checkpoint note of the same log")
	failed = false
)

func main() {
	flag.Parse()
	if *logURL == "" || *key == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(); err != nil {
		fail("%v", err)
	}
	if failed {
		os.Exit(1)
	}
	fmt.Println("OK: the log verifies")
}

func fail(format string, args ...any) {
	failed = true
	fmt.Printf("FAIL: "+format+"\n", args...)
}

func run() error {
	verifier, err := note.NewVerifier(*key)
	if err != nil {
		return fmt.Errorf("verifier key: %v", err)
	}
	served, err := get("checkpoint")
	if err != nil {
		return err
	}
	tree, err := open(served, verifier)
	if err != nil {
		return fmt.Errorf("checkpoint: %v", err)
	}
	fmt.Printf("OK: checkpoint of %s, size %d, root %s, signed by %s\n", verifier.Name(), tree.N, tree.Hash, verifier.Name())

	// The tree recomputed from the entries alone: every stored hash, kept in memory.
	entries, err := readEntries(tree.N)
	if err != nil {
		return err
	}
	var stored []tlog.Hash
	computed := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			if x < 0 || x >= int64(len(stored)) {
				return nil, fmt.Errorf("no stored hash %d", x)
			}
			out[i] = stored[x]
		}
		return out, nil
	})
	for i, entry := range entries {
		hashes, err := tlog.StoredHashes(int64(i), entry, computed)
		if err != nil {
			return err
		}
		stored = append(stored, hashes...)
	}
	root, err := tlog.TreeHash(tree.N, computed)
	if err != nil {
		return err
	}
	if root != tree.Hash {
		fail("the %d entries hash to the root %s, the checkpoint states %s", tree.N, root, tree.Hash)
	} else {
		fmt.Printf("OK: the %d entries hash to the checkpoint's root\n", tree.N)
	}

	// Every served tile, byte for byte, against the hashes of the entries.
	tiles := tlog.NewTiles(height, 0, tree.N)
	reader := &tileReader{cache: map[string][]byte{}}
	differing := 0
	for _, t := range tiles {
		want, err := tlog.ReadTileData(t, computed)
		if err != nil {
			return err
		}
		got, err := get(path(t))
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			differing++
			fail("tile %s differs from the hashes of the entries%s", path(t), firstDifference(got, want, t))
		}
	}
	if differing == 0 {
		fmt.Printf("OK: %d tiles match the entries\n", len(tiles))
	}

	// Inclusion of every leaf, through Go's tile reader, which checks each tile it reads against the root.
	hashReader := tlog.TileHashReader(tree, reader)
	proven := 0
	for i, entry := range entries {
		leaf := tlog.RecordHash(entry)
		logged, err := hashReader.ReadHashes([]int64{tlog.StoredHashIndex(0, int64(i))})
		if err != nil {
			fail("leaf %d: %v", i, err)
			continue
		}
		if logged[0] != leaf {
			fail("leaf %d (event %s): its entry hashes to %s, the log holds %s", i, eventID(entry), leaf, logged[0])
			continue
		}
		proof, err := tlog.ProveRecord(tree.N, int64(i), hashReader)
		if err == nil {
			err = tlog.CheckRecord(proof, tree.N, tree.Hash, int64(i), leaf)
		}
		if err != nil {
			fail("leaf %d (event %s): inclusion: %v", i, eventID(entry), err)
			continue
		}
		proven++
	}
	if proven == len(entries) {
		fmt.Printf("OK: inclusion proofs of all %d leaves\n", proven)
	}

	if *old != "" {
		text, err := os.ReadFile(*old)
		if err != nil {
			return err
		}
		earlier, err := open(text, verifier)
		if err != nil {
			return fmt.Errorf("older checkpoint: %v", err)
		}
		proof, err := tlog.ProveTree(tree.N, earlier.N, hashReader)
		if err == nil {
			err = tlog.CheckTree(proof, tree.N, tree.Hash, earlier.N, earlier.Hash)
		}
		if err != nil {
			fail("the tree of size %d is not an extension of the older checkpoint's of size %d: %v", tree.N, earlier.N, err)
		} else {
			fmt.Printf("OK: consistency from size %d to %d\n", earlier.N, tree.N)
		}
	}
	return nil
}

// open verifies a checkpoint note and reads its origin, size and root (tlog-checkpoint).
func open(msg []byte, verifier note.Verifier) (tlog.Tree, error) {
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		return tlog.Tree{}, err
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 {
		return tlog.Tree{}, errors.New("not a checkpoint: fewer than three lines")
	}
	if lines[0] != verifier.Name() {
		return tlog.Tree{}, fmt.Errorf("origin %q is not the key's name %q", lines[0], verifier.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		return tlog.Tree{}, fmt.Errorf("tree size %q", lines[1])
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		return tlog.Tree{}, fmt.Errorf("root hash %q", lines[2])
	}
	var hash tlog.Hash
	copy(hash[:], raw)
	return tlog.Tree{N: size, Hash: hash}, nil
}

// readEntries reads the tree's entry bundles: each entry a 2-byte big-endian length and its bytes.
func readEntries(n int64) ([][]byte, error) {
	var entries [][]byte
	for index := int64(0); index*(1<<height) < n; index++ {
		width := n - index*(1<<height)
		if width > 1<<height {
			width = 1 << height
		}
		t := tlog.Tile{H: height, L: -1, N: index, W: int(width)}
		bundle, err := get(path(t))
		if err != nil {
			return nil, err
		}
		count := 0
		for len(bundle) > 0 {
			if len(bundle) < 2 || len(bundle) < 2+int(binary.BigEndian.Uint16(bundle)) {
				return nil, fmt.Errorf("%s: cut short", path(t))
			}
			size := int(binary.BigEndian.Uint16(bundle))
			entries = append(entries, bundle[2:2+size])
			bundle = bundle[2+size:]
			count++
		}
		if int64(count) != width {
			return nil, fmt.Errorf("%s holds %d entries, not %d", path(t), count, width)
		}
	}
	return entries, nil
}

// path maps Go's tile path (tile/8/L/N, tile/8/data/N) to C2SP tlog-tiles (tile/L/N, tile/entries/N).
func path(t tlog.Tile) string {
	p := strings.TrimPrefix(t.Path(), "tile/8/")
	return "tile/" + strings.Replace(p, "data/", "entries/", 1)
}

func firstDifference(got, want []byte, t tlog.Tile) string {
	for i := 0; i < len(got) && i < len(want); i++ {
		if got[i] != want[i] {
			return fmt.Sprintf(" (hash %d of the tile, byte %d)", i/tlog.HashSize, i)
		}
	}
	return fmt.Sprintf(" (%d bytes served, %d expected)", len(got), len(want))
}

// eventID reads the event id, the first field after "ledger-leaf/v1" in an entry.
func eventID(entry []byte) string {
	prefix := len("ledger-leaf/v1")
	if len(entry) < prefix+4 {
		return "?"
	}
	size := int(binary.BigEndian.Uint32(entry[prefix:]))
	if size < 0 || len(entry) < prefix+4+size {
		return "?"
	}
	return string(entry[prefix+4 : prefix+4+size])
}

type tileReader struct {
	cache map[string][]byte
}

func (r *tileReader) Height() int { return height }

func (r *tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		p := path(t)
		data, ok := r.cache[p]
		if !ok {
			var err error
			if data, err = get(p); err != nil {
				return nil, err
			}
		}
		out[i] = data
	}
	return out, nil
}

// SaveTiles keeps the tiles Go's reader has checked against the root.
func (r *tileReader) SaveTiles(tiles []tlog.Tile, data [][]byte) {
	for i, t := range tiles {
		r.cache[path(t)] = data[i]
	}
}

func get(p string) ([]byte, error) {
	req, err := http.NewRequest("GET", strings.TrimSuffix(*logURL, "/")+"/"+p, nil)
	if err != nil {
		return nil, err
	}
	if *token != "" {
		req.Header.Set("Authorization", "Bearer "+*token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s %s", p, resp.Status, strings.TrimSpace(string(body)))
	}
	return body, nil
}
