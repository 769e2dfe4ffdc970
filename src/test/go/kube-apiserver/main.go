// The test API server of issue 18: etcd embedded in this process, then a real kube-apiserver with
// RBAC on, a static admin token and a self-signed serving certificate, all on loopback. Groundwork:
// built and started by hand here (build.sh); a JUnit 5 extension is to start it for the suite.
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"time"
	_ "time/tzdata"

	"go.etcd.io/etcd/server/v3/embed"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// Usage: grr-test-apiserver <workdir> <securePort> <adminToken>
func main() {
	dir, port, token := os.Args[1], os.Args[2], os.Args[3]
	must(os.MkdirAll(dir, 0o700))

	// 1. embedded etcd on loopback
	cfg := embed.NewConfig()
	cfg.Dir = filepath.Join(dir, "etcd")
	cu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", freePort()))
	pu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", freePort()))
	cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*cu}, []url.URL{*cu}
	cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*pu}, []url.URL{*pu}
	cfg.InitialCluster = cfg.InitialClusterFromName(cfg.Name)
	cfg.LogLevel = "error"
	e, err := embed.StartEtcd(cfg)
	must(err)
	select {
	case <-e.Server.ReadyNotify():
	case <-time.After(60 * time.Second):
		must(fmt.Errorf("etcd not ready"))
	}

	// 2. service-account key + static token file
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	must(err)
	saKey := filepath.Join(dir, "sa.key")
	must(os.WriteFile(saKey, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600))
	tokens := filepath.Join(dir, "tokens.csv")
	must(os.WriteFile(tokens, []byte(token+",admin,admin-uid,system:masters\n"), 0o600))

	// 3. kube-apiserver in-process
	cmd := app.NewAPIServerCommand()
	cmd.SetArgs([]string{
		"--etcd-servers=" + cu.String(),
		"--bind-address=127.0.0.1",
		"--secure-port=" + port,
		"--cert-dir=" + filepath.Join(dir, "certs"),
		"--token-auth-file=" + tokens,
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file=" + saKey,
		"--service-account-signing-key-file=" + saKey,
		"--service-cluster-ip-range=10.0.0.0/24",
		"--advertise-address=127.0.0.1",
		"--endpoint-reconciler-type=none", // loopback advertise-address is refused by the lease reconciler
		"--disable-admission-plugins=ServiceAccount", // no controller-manager issues service-account tokens
		"--v=0",
	})
	code := cli.Run(cmd)
	e.Close()
	os.Exit(code)
}
