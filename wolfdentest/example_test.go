package wolfdentest_test

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/wolfden/wolfden/wolfdentest"
)

// failer stands in for the *testing.T a test passes to the helpers.
type failer struct{}

func (failer) Helper()                           {}
func (failer) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// The shape of a test of an integration: start wolfden, play an agent
// registering a device, and read it back through the API as the client
// under test would.
func Example() {
	// In a test: srv := wolfdentest.New(t), which stops with the test.
	srv, err := wolfdentest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	t := failer{}

	srv.RegisterDevice(t, srv.Tenant, map[string]any{"name": "FIN-LT-0042", "host_name": "fin-lt-0042.corp.example"})

	resp, err := srv.Client.Do(srv.Request(t, http.MethodGet, "/devices/v2", nil))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var page struct {
		Total int `json:"total_number_of_items"`
		Items []struct {
			Name string `json:"name"`
		} `json:"page_items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, page.Total, page.Items[0].Name)
	// Output: 200 1 FIN-LT-0042
}

// A fault rule makes the next two device-list requests answer 503, as a
// client's retry loop must survive; the third gets the real answer.
func ExampleServer_AddFault() {
	srv, err := wolfdentest.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	t := failer{}
	srv.AddFault(t, map[string]any{"method": "GET", "path": "/devices/v2", "status": 503, "times": 2})

	for range 3 {
		resp, err := srv.Client.Do(srv.Request(t, http.MethodGet, "/devices/v2", nil))
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	// Output:
	// 503
	// 503
	// 200
}
