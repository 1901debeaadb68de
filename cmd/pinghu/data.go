package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/app"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/org"
)

// openData parses the shared data flags (plus any extra ones) and opens
// the migrated database with its services.
func openData(ctx context.Context, name string, args []string, extra func(*flag.FlagSet)) (*app.App, *flag.FlagSet, error) {
	cfg := app.Defaults()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	cfg.DataFlags(fs)
	if extra != nil {
		extra(fs)
	}
	if err := cfg.Parse(fs, args); err != nil {
		return nil, nil, err
	}
	a, err := app.Open(ctx, cfg, app.Options{})
	return a, fs, err
}

func migrate(ctx context.Context, args []string, out io.Writer) error {
	a, _, err := openData(ctx, "migrate", args, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintln(out, "database is up to date:", a.DB.Redacted())
	return nil
}

// readPassword takes the first line of stdin: passwords never appear on a
// command line, where other users and shell history could see them.
func readPassword(in io.Reader) (string, error) {
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("no password on standard input")
	}
	return pw, nil
}

func user(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("user: add, list, passwd or reset-2fa")
	}
	switch args[0] {
	case "add":
		return userAdd(ctx, args[1:], in, out)
	case "list":
		return userList(ctx, args[1:], out)
	case "passwd":
		return userPasswd(ctx, args[1:], in, out)
	case "reset-2fa":
		return userResetTwoFactor(ctx, args[1:], out)
	}
	return fmt.Errorf("user: unknown subcommand %q", args[0])
}

func userAdd(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
	var username, role, unit, name, phone string
	a, _, err := openData(ctx, "user add", args, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "username")
		fs.StringVar(&role, "role", "", "one of "+roleList())
		fs.StringVar(&unit, "unit", "", "the scope unit: its id or its exact name")
		fs.StringVar(&name, "name", "", "display name (default: the username)")
		fs.StringVar(&phone, "phone", "", "mobile number")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	pw, err := readPassword(in)
	if err != nil {
		return err
	}
	if name == "" {
		name = username
	}
	r := access.Role(role)
	input := account.Input{Username: &username, DisplayName: &name, Role: &r, Password: &pw}
	if phone != "" {
		input.Phone = &phone
	}
	if unit != "" {
		u, err := org.Resolve(ctx, a.DB.R, unit)
		if err != nil {
			return fmt.Errorf("unit %q: %w", unit, explain(err))
		}
		input.UnitID = &u.ID
	}
	u, err := a.Accounts.CreateAs(ctx, access.System("cli"), input)
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(out, "created user %s (id %d, role %s, unit %s)\n", u.Username, u.ID, u.Role, u.UnitName)
	return nil
}

func userPasswd(ctx context.Context, args []string, in io.Reader, out io.Writer) error {
	var username string
	a, _, err := openData(ctx, "user passwd", args, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "username")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	pw, err := readPassword(in)
	if err != nil {
		return err
	}
	if err := a.Accounts.SetPasswordAs(ctx, access.System("cli"), username, pw); err != nil {
		return explain(err)
	}
	fmt.Fprintf(out, "password of %s changed; its sessions were ended\n", username)
	return nil
}

// userResetTwoFactor removes a user's authenticator and recovery codes
// and ends their sessions, for a lost phone when no security
// administrator can sign in to do it.
func userResetTwoFactor(ctx context.Context, args []string, out io.Writer) error {
	var username string
	a, _, err := openData(ctx, "user reset-2fa", args, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "username")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Accounts.ResetTwoFactorAs(ctx, access.System("cli"), username); err != nil {
		return fmt.Errorf("user %q: %w", username, explain(err))
	}
	fmt.Fprintf(out, "two-factor login of %s reset; its sessions were ended\n", username)
	return nil
}

func userList(ctx context.Context, args []string, out io.Writer) error {
	a, _, err := openData(ctx, "user list", args, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	root, err := org.FindByCode(ctx, a.DB.R, "root")
	if err != nil {
		return err
	}
	// The command line acts with the installation's full view of accounts.
	actor := access.Actor{Username: "system:cli", Role: access.Sysadmin, UnitID: root.ID, ScopePath: root.Path}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUSERNAME\tNAME\tROLE\tUNIT\tPHONE\tACTIVE")
	for page := 1; ; page++ {
		list, err := a.Accounts.List(ctx, actor, account.Filter{Page: db.NewPage(page, db.MaxPageSize)})
		if err != nil {
			return err
		}
		for _, u := range list.Items {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%v\n", u.ID, u.Username, u.DisplayName, u.Role, u.UnitName, u.MaskedPhone(), u.Active)
		}
		if page >= list.Pages() {
			break
		}
	}
	return tw.Flush()
}

func demoLoad(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.Defaults()
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	cfg.DataFlags(fs)
	if err := cfg.Parse(fs, args); err != nil {
		return err
	}
	cfg.Demo = true
	a, err := app.Open(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Prepare(ctx, out)
}

func backup(ctx context.Context, args []string, out io.Writer) error {
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	a, fs, err := openData(ctx, "backup", args, nil)
	if err != nil {
		return err
	}
	defer a.Close()
	if file == "" && fs.NArg() > 0 {
		file = fs.Arg(0)
	}
	if file == "" {
		return errors.New("backup: name the file to write")
	}
	if err := a.DB.Backup(ctx, file); err != nil {
		return err
	}
	fmt.Fprintf(out, "backup written and verified: %s\n", file)
	return nil
}

func auditCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("audit: the subcommand is verify")
	}
	a, _, err := openData(ctx, "audit verify", args[1:], nil)
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := a.Audit.Verify(ctx)
	if err != nil {
		var broken *audit.BrokenError
		if errors.As(err, &broken) {
			return fmt.Errorf("audit chain broken after %d good records: %w", n, err)
		}
		return err
	}
	fmt.Fprintf(out, "audit chain verified: %d records\n", n)
	return nil
}

func roleList() string {
	var s []string
	for _, r := range access.Roles {
		s = append(s, string(r))
	}
	return strings.Join(s, ", ")
}
