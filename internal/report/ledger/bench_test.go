package ledger

import (
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// appealLedger is a ledger of n appeals, shaped like the module's export.
func appealLedger(n int) Sheet {
	s := Sheet{
		Name:  "诉求台账",
		Title: "企业诉求台账",
		Columns: []Column{
			{Header: "编号", Kind: Int},
			{Header: "企业名称", Width: 30},
			{Header: "联系电话"},
			{Header: "类别"},
			{Header: "诉求内容", Width: 50},
			{Header: "涉及金额（元）", Kind: Money},
			{Header: "满意度", Kind: Percent},
			{Header: "受理日期", Kind: Date},
			{Header: "办结时间", Kind: DateTime},
		},
		Rows: make([][]any, n),
	}
	start := time.Date(2022, 1, 4, 1, 0, 0, 0, time.UTC)
	categories := []string{"政策咨询", "用地空间", "融资", "人才住房", "审批许可", "基础设施", "其他"}
	for i := range n {
		at := start.Add(time.Duration(i) * 97 * time.Second)
		s.Rows[i] = []any{
			int64(i + 1),
			fmt.Sprintf("平湖第%d精密制造有限公司", i%324+1),
			fmt.Sprintf("138****%04d", i%10000),
			categories[i%len(categories)],
			"企业反映厂区周边道路夜间照明不足，货车进出存在安全隐患，希望尽快协调解决。",
			float64(i%100000) * 12.5,
			float64(i%100) / 100,
			at,
			at.Add(49 * time.Hour),
		}
	}
	return s
}

// peakHeap samples the live heap while f runs; runtime/metrics does not
// stop the world as ReadMemStats does.
func peakHeap(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var (
		peak uint64
		mu   sync.Mutex
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	read := func() {
		metrics.Read(sample)
		mu.Lock()
		peak = max(peak, sample[0].Value.Uint64())
		mu.Unlock()
	}
	wg.Go(func() {
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	read()
	return peak
}

// BenchmarkWriteXLSX100k writes a ledger of 100,000 appeals. Besides
// ns/op, B/op and allocs/op it reports the peak live heap during a write
// above the heap before it (which holds the rows themselves), the figure
// that says whether an export can blow a server's memory.
func BenchmarkWriteXLSX100k(b *testing.B) {
	s := appealLedger(100_000)
	runtime.GC()
	base := peakHeap(func() {})
	var peak uint64
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		peak = max(peak, peakHeap(func() {
			if err := WriteXLSX(io.Discard, s); err != nil {
				b.Fatal(err)
			}
		}))
	}
	b.ReportMetric(float64(peak-min(peak, base))/(1<<20), "peak-heap-MiB")
}

func BenchmarkWriteCSV100k(b *testing.B) {
	s := appealLedger(100_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteCSV(io.Discard, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkImportRun10k(b *testing.B) {
	rows := [][]string{contactHeaders}
	for i := 1; i <= 10_000; i++ {
		rows = append(rows, goodRow(i))
	}
	im := contactImport()
	b.ReportAllocs()
	for b.Loop() {
		if _, problems := im.Run(rows); len(problems) > 0 {
			b.Fatal(problems)
		}
	}
}
