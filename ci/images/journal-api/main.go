// journal-api: the journal frontend's API server (charts/frontend). Serves
//
//	GET  /api/health   200 "ok" when Redis on REDIS_READ_HOST answers PING, else 503
//	GET  /api/entries  the newest JOURNAL_ENTRIES entries (default 10) from REDIS_READ_HOST, newest first
//	POST /api/entries  {"text": "..."} -> LPUSH to REDIS_MASTER_HOST, 201 with the stored entry
//
// on $PORT (default 8080). REDIS_PORT (default 6379); the password is read from REDIS_PASSWORD_FILE on every
// connection. One log line per request on stdout; SIGTERM/SIGINT drain in-flight requests and exit 0.
// Writes no files (read-only root filesystem). Standard library only.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	listKey      = "journal:entries"
	maxTextLen   = 1000
	redisTimeout = 2 * time.Second
)

type entry struct {
	Text    string `json:"text"`
	Created string `json:"created"`
}

type app struct {
	master, read string // host:port
	passwordFile string
	entries      int
}

func (a *app) redis(addr string, args ...string) (any, error) {
	c, err := dialRedis(addr, a.passwordFile, redisTimeout)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return c.do(args...)
}

func (a *app) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/health", a.health)
	mux.HandleFunc("GET /api/entries", a.list)
	mux.HandleFunc("POST /api/entries", a.create)
	return mux
}

func (a *app) health(w http.ResponseWriter, r *http.Request) {
	if reply, err := a.redis(a.read, "PING"); err != nil || reply != "PONG" {
		log.Printf("health: redis %s: %v %v", a.read, reply, err)
		http.Error(w, "redis unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprint(w, "ok")
}

func (a *app) list(w http.ResponseWriter, r *http.Request) {
	c, err := dialRedis(a.read, a.passwordFile, redisTimeout)
	if err != nil {
		redisError(w, err)
		return
	}
	defer c.Close()
	reply, err := c.do("LRANGE", listKey, "0", strconv.Itoa(a.entries-1))
	if err != nil {
		redisError(w, err)
		return
	}
	total, err := c.do("LLEN", listKey)
	if err != nil {
		redisError(w, err)
		return
	}
	items, _ := reply.([]any)
	out := make([]entry, 0, len(items))
	for _, it := range items {
		var e entry
		if s, ok := it.(string); ok && json.Unmarshal([]byte(s), &e) == nil {
			out = append(out, e)
		}
	}
	w.Header().Set("X-Total-Count", fmt.Sprint(total))
	writeJSON(w, http.StatusOK, out)
}

func (a *app) create(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Text *string `json:"text"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	if err := dec.Decode(&in); err != nil || in.Text == nil {
		http.Error(w, `body must be JSON {"text": "..."}`, http.StatusBadRequest)
		return
	}
	text := strings.TrimSpace(*in.Text)
	if text == "" || len([]rune(text)) > maxTextLen {
		http.Error(w, fmt.Sprintf("text must be 1 to %d characters", maxTextLen), http.StatusBadRequest)
		return
	}
	e := entry{Text: text, Created: time.Now().UTC().Format(time.RFC3339Nano)}
	b, _ := json.Marshal(e)
	if _, err := a.redis(a.master, "LPUSH", listKey, string(b)); err != nil {
		redisError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, e)
}

func redisError(w http.ResponseWriter, err error) {
	log.Printf("redis: %v", err)
	http.Error(w, "redis unavailable", http.StatusServiceUnavailable)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// statusWriter records the status and size for the access log.
type statusWriter struct {
	http.ResponseWriter
	status, bytes int
}

func (s *statusWriter) WriteHeader(code int) { s.status = code; s.ResponseWriter.WriteHeader(code) }
func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		log.Printf("%s %s %s %d %dB %s", r.RemoteAddr, r.Method, r.URL.RequestURI(), sw.status, sw.bytes,
			time.Since(start).Round(time.Microsecond))
	})
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func main() {
	log.SetOutput(os.Stdout)
	log.SetFlags(log.LstdFlags | log.LUTC)
	entries, err := strconv.Atoi(env("JOURNAL_ENTRIES", "10"))
	if err != nil || entries < 1 {
		log.Fatalf("JOURNAL_ENTRIES must be a positive integer, got %q", os.Getenv("JOURNAL_ENTRIES"))
	}
	redisPort := env("REDIS_PORT", "6379")
	a := &app{
		master:       net.JoinHostPort(env("REDIS_MASTER_HOST", "localhost"), redisPort),
		read:         net.JoinHostPort(env("REDIS_READ_HOST", env("REDIS_MASTER_HOST", "localhost")), redisPort),
		passwordFile: os.Getenv("REDIS_PASSWORD_FILE"),
		entries:      entries,
	}
	srv := &http.Server{
		Addr:              ":" + env("PORT", "8080"),
		Handler:           accessLog(a.routes()),
		ReadHeaderTimeout: 10 * time.Second,
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	errs := make(chan error, 1)
	go func() { errs <- srv.ListenAndServe() }()
	log.Printf("journal-api listening on %s (master %s, read %s, %d entries)", srv.Addr, a.master, a.read, entries)
	select {
	case err := <-errs:
		log.Fatalf("listen: %v", err)
	case <-ctx.Done():
	}
	log.Printf("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("shutdown: %v", err)
	}
	log.Printf("stopped")
}
