package report

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium returns the path of a Chromium binary, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium on PATH (Debian: apt-get install chromium; .ci/run installs it): skipping the browser test of the HTML report")
	return ""
}

// whatAReaderSees is what the page shows, measured in the browser.
type whatAReaderSees struct {
	Text        string  `json:"text"`
	FirstText   string  `json:"firstText"`
	Tracks      int     `json:"tracks"`
	TrackLength float64 `json:"trackLength"`
	MapWidth    float64 `json:"mapWidth"`
	EventRows   int     `json:"eventRows"`
	Findings    int     `json:"findings"`
	TimelineBar int     `json:"timelineBars"`
}

const measure = `(() => {
  const tracks = [...document.querySelectorAll('#map path.track')];
  return {
    text: document.body.innerText,
    firstText: document.body.innerText.trim().split('\n')[0],
    tracks: tracks.length,
    trackLength: tracks.reduce((s, p) => s + p.getTotalLength(), 0),
    mapWidth: document.querySelector('#map').getBoundingClientRect().width,
    eventRows: document.querySelectorAll('#events tbody tr').length,
    findings: document.querySelectorAll('#findings tbody tr').length,
    timelineBars: document.querySelectorAll('#timeline rect').length,
  };
})()`

// RenderInBrowser renders the report file in headless Chromium and returns
// what a reader sees.
func renderInBrowser(t *testing.T, path string) whatAReaderSees {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	abs, _ := filepath.Abs(path)
	if _, err := chromedp.Run(ctx, chromedp.Navigate("file://"+abs)); err != nil {
		t.Fatalf("chromium: open %s: %v", abs, err)
	}
	wctx, wcancel := context.WithTimeout(ctx, 30*time.Second)
	defer wcancel()
	if _, err := chromedp.Run(wctx, chromedp.WaitVisible("#events")); err != nil {
		t.Fatalf("chromium: the event table never became visible: %v", err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[whatAReaderSees](measure))
	if err != nil {
		t.Fatalf("chromium: measure the page: %v", err)
	}
	return got
}

func TestReportInBrowser(t *testing.T) {
	chromium(t)
	path := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := RenderHTML(f, testInput(t)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	got := renderInBrowser(t, path)
	if got.FirstText != "SIMULATED DATA for a test." {
		t.Errorf("first line a reader sees: %q", got.FirstText)
	}
	for _, want := range []string{"ANGARA", "9179842", "OFAC SDN (2024-05-03)", "dark_port_call", "Najin"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("a reader does not see %q", want)
		}
	}
	if got.Tracks != 3 || got.TrackLength < 50 || got.MapWidth < 300 {
		t.Errorf("map: %d tracks drawn, total length %.0f px, width %.0f px", got.Tracks, got.TrackLength, got.MapWidth)
	}
	if got.EventRows != 3 || got.Findings != 2 || got.TimelineBar < 4 {
		t.Errorf("tables: %d event rows, %d findings, %d timeline bars", got.EventRows, got.Findings, got.TimelineBar)
	}
}
