// The test API server of issue 18: etcd embedded in this process, then a real kube-apiserver with
// RBAC on, a static admin token and a self-signed serving certificate, all on loopback, and the
// namespace controller of kube-controller-manager so that deleting a namespace deletes its objects as
// on a cluster. Built by build.sh, started by the tests' RealKubernetes extension.
//
// Usage: grr-test-apiserver <workdir> <securePort> <adminToken> [extra kube-apiserver flags...]
// The workdir keeps etcd's data and the service-account key, so a restart on the same workdir is a
// control-plane restart: the objects stay, watches are cut and resume (410 Gone when too old).
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
	"strconv"
	"time"
	_ "time/tzdata"

	"context"
	"go.etcd.io/etcd/server/v3/embed"
	v1 "k8s.io/api/core/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"k8s.io/kubernetes/pkg/controller/namespace"
)

// freePort is a free loopback port other than the ones given: the API server's own port was chosen
// (and let go) by the caller, and the kernel may hand it out again here.
func freePort(taken ...int) int {
	for {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if !contains(taken, port) {
			return port
		}
	}
}

func contains(ports []int, port int) bool {
	for _, p := range ports {
		if p == port {
			return true
		}
	}
	return false
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	dir, port, token := os.Args[1], os.Args[2], os.Args[3]
	must(os.MkdirAll(dir, 0o700))

	// 1. embedded etcd on loopback
	cfg := embed.NewConfig()
	cfg.Dir = filepath.Join(dir, "etcd")
	apiPort, err := strconv.Atoi(port)
	must(err)
	clientPort := freePort(apiPort)
	cu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", clientPort))
	pu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", freePort(apiPort, clientPort)))
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
	// kept across restarts: tokens issued before a restart stay valid, as on a cluster
	saKey := filepath.Join(dir, "sa.key")
	if _, err := os.Stat(saKey); err != nil {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		must(err)
		must(os.WriteFile(saKey, pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600))
	}
	tokens := filepath.Join(dir, "tokens.csv")
	must(os.WriteFile(tokens, []byte(token+",admin,admin-uid,system:masters\n"), 0o600))

	// 3. kube-apiserver in-process
	cmd := app.NewAPIServerCommand()
	cmd.SetArgs(append([]string{
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
		"--endpoint-reconciler-type=none",            // loopback advertise-address is refused by the lease reconciler
		"--disable-admission-plugins=ServiceAccount", // no controller-manager issues service-account tokens
		"--v=0",
	}, os.Args[4:]...))
	go runNamespaceController("https://127.0.0.1:"+port, token)
	code := cli.Run(cmd)
	e.Close()
	os.Exit(code)
}

// runNamespaceController runs kube-controller-manager's namespace controller against this server once
// it answers: a deleted namespace has its objects (custom resources included) deleted, then goes.
func runNamespaceController(host, token string) {
	cfg := &rest.Config{Host: host, BearerToken: token, TLSClientConfig: rest.TLSClientConfig{Insecure: true}, QPS: 100, Burst: 200}
	client := kubernetes.NewForConfigOrDie(cfg)
	for {
		if _, err := client.Discovery().ServerVersion(); err == nil {
			if body, err := client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(context.Background()); err == nil && string(body) == "ok" {
				break
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	factory := informers.NewSharedInformerFactory(client, 5*time.Minute)
	ctx := context.Background()
	controller := namespace.NewNamespaceController(ctx, client, metadata.NewForConfigOrDie(cfg),
		client.Discovery().ServerPreferredNamespacedResources, factory.Core().V1().Namespaces(), 5*time.Minute, v1.FinalizerKubernetes)
	factory.Start(ctx.Done())
	controller.Run(ctx, 5)
}
