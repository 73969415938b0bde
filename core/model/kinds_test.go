package model

import "testing"

// TestIntegerStores runs models whose code stores into integer variables
// and checks the values against Brian2 2.5.1 (numpy target):
//   - a summed variable sums the synapses' values as floats and makes the
//     total an integer: three synapses of w = 0.4 give 1 (1.2 truncated),
//     not 0 (each 0.4 truncated);
//   - on_pre's m_post += K with K an integer constant that a [[schedule]]
//     step sets (so a live column, read as a float) adds K: 2 per spike,
//     then 3.
func TestIntegerStores(t *testing.T) {
	const src = `
[model]
name = "kinds"
[run]
dt = "0.1*ms"
seed = 1
[constants]
K = 2
[[neurons]]
name = "G"
N = 3
model = """
m : integer
s : integer
"""
[[spikegen]]
name = "S"
N = 3
indices = [0, 1, 2, 0, 1, 2]
times = [0.5, 0.5, 0.5, 1.5, 1.5, 1.5]
time_unit = "ms"
[[synapses]]
name = "P"
source = "S"
target = "G"
model = """
w : 1
s_post = w : integer (summed)
"""
on_pre = "m_post += K"
[[synapses.connect]]
condition = "True"
[synapses.init]
w = "0.4"
[[schedule]]
run = "1*ms"
[[schedule]]
set = {K = "3"}
[[schedule]]
run = "1*ms"
`
	f, err := Load("kinds.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Run(0); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		want float64
	}{{"s", 1}, {"m", 3*2 + 3*3}} {
		got, err := b.Groups["G"].Values(c.name)
		if err != nil {
			t.Fatal(err)
		}
		for i, x := range got {
			if x != c.want {
				t.Errorf("%s[%d] = %v, want %v", c.name, i, x, c.want)
			}
		}
	}
}
