//go:build (linux && !android) || freebsd || netbsd || openbsd || dragonfly

package display

import "os"

// Message is what myelin-desktop prints when DISPLAY is not set.
const Message = "myelin-desktop: no display (DISPLAY is not set): run it in a desktop session, or under xvfb-run for --screenshot\n"

func init() {
	if os.Getenv("DISPLAY") == "" {
		os.Stderr.WriteString(Message)
		os.Exit(2)
	}
}
