//! `asb-portal create-admin`: the first administrator, made from the command line on the
//! server, since there is nobody yet to invite them.

use crate::domain::fields::ContactEmail;
use crate::domain::routing::RouteId;
use crate::domain::staff::{account_email, new_password_problem, Role};
use crate::server::storage::{self, Db, NewAccount};

/// What `create-admin` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateAdmin {
    pub email: String,
    pub name: String,
    /// Roles besides `admin` (e.g. `triage` for an officer who also runs the service).
    pub also: Vec<Role>,
}

pub const USAGE: &str = "usage: asb-portal create-admin --email EMAIL --name \"FULL NAME\" \
[--also ROLE]...\n  The password is read from ASB_ADMIN_PASSWORD, or else from the first line \
of standard input.\n  Roles: triage, case_review, auditor, panel, support, mediation, domestic_abuse.";

/// Reads the arguments after `create-admin`.
pub fn parse_args(args: &[String], partners: &[RouteId]) -> Result<CreateAdmin, String> {
    let mut email = None;
    let mut name = None;
    let mut also = Vec::new();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--email" => email = Some(value.clone()),
            "--name" => name = Some(value.clone()),
            "--also" => also.push(
                Role::parse(value, partners).ok_or_else(|| format!("`{value}` is not a role"))?,
            ),
            other => return Err(format!("`{other}` is not an option")),
        }
    }
    let email = email.ok_or("--email is needed")?;
    if ContactEmail::parse(&email).is_err() {
        return Err(format!("`{email}` is not an email address"));
    }
    let name = name
        .filter(|n| !n.trim().is_empty())
        .ok_or("--name is needed")?;
    Ok(CreateAdmin {
        email: account_email(&email),
        name: name.trim().to_string(),
        also,
    })
}

/// Creates the account, or says why not (in words for the person at the terminal).
pub async fn create_admin(
    db: &Db,
    request: &CreateAdmin,
    password: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Result<i64, String>> {
    if let Some(problem) = new_password_problem(password, &request.email) {
        return Ok(Err(problem.to_string()));
    }
    let mut roles = vec![Role::Admin.as_str().to_string()];
    roles.extend(request.also.iter().map(|r| r.as_str().to_string()));
    roles.dedup();
    let account = NewAccount {
        email: request.email.clone(),
        display_name: request.name.clone(),
        password_hash: Some(super::password::hash(password.to_string()).await?),
        roles,
    };
    Ok(match storage::create_account(db, &account, now).await? {
        Some(id) => Ok(id),
        None => Err(format!("{} has an account already", request.email)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With the built-in partners.
    fn parse_args(args: &[String]) -> Result<CreateAdmin, String> {
        super::parse_args(args, &RouteId::ALL)
    }

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn arguments() {
        assert_eq!(
            parse_args(&args(&[
                "--email",
                " Ana@Council.Example ",
                "--name",
                "Ana Ruiz",
                "--also",
                "triage"
            ])),
            Ok(CreateAdmin {
                email: "ana@council.example".into(),
                name: "Ana Ruiz".into(),
                also: vec![Role::Triage],
            })
        );
        for (list, problem) in [
            (&["--name", "Ana"][..], "--email is needed"),
            (&["--email", "ana@council.example"][..], "--name is needed"),
            (
                &["--email", "not an email", "--name", "Ana"][..],
                "`not an email` is not an email address",
            ),
            (
                &["--email", "a@b.example", "--name", "Ana", "--also", "root"][..],
                "`root` is not a role",
            ),
            (&["--email"][..], "--email needs a value"),
            (&["--force", "yes"][..], "`--force` is not an option"),
        ] {
            assert_eq!(
                parse_args(&args(list)),
                Err(problem.to_string()),
                "{list:?}"
            );
        }
    }
}
