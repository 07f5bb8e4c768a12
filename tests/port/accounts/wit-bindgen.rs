//! Exports `port:test/accounts`: the `account` resource, borrowed by
//! methods and statics, and owned inside lists, options, results and a
//! record.

wit_bindgen::generate!({
    path: "../wit",
    world: "accounts-provider",
});

use exports::port::test::accounts::{
    Account, AccountBorrow, Guest, GuestAccount, Labelled, Statement,
};
use std::cell::Cell;

thread_local! {
    static CLOSED: Cell<u64> = const { Cell::new(0) };
}

struct Component;

struct MyAccount {
    owner: String,
    balance: Cell<u64>,
}

impl Drop for MyAccount {
    fn drop(&mut self) {
        CLOSED.with(|c| c.set(c.get() + 1));
    }
}

impl GuestAccount for MyAccount {
    fn new(owner: String) -> Self {
        MyAccount {
            owner,
            balance: Cell::new(0),
        }
    }

    fn owner(&self) -> String {
        self.owner.clone()
    }

    fn balance(&self) -> u64 {
        self.balance.get()
    }

    fn deposit(&self, amount: u64) {
        self.balance.set(self.balance.get() + amount);
    }

    fn withdraw(&self, amount: u64) -> Result<u64, String> {
        let left = self
            .balance
            .get()
            .checked_sub(amount)
            .ok_or_else(|| format!("{} cannot pay {amount}", self.owner))?;
        self.balance.set(left);
        Ok(left)
    }

    fn transfer(from: AccountBorrow<'_>, to: AccountBorrow<'_>, amount: u64) -> Result<(), String> {
        from.get::<MyAccount>().withdraw(amount)?;
        to.get::<MyAccount>().deposit(amount);
        Ok(())
    }
}

impl Guest for Component {
    type Account = MyAccount;

    fn get_statement(a: AccountBorrow<'_>) -> Statement {
        let a = a.get::<MyAccount>();
        Statement {
            owner: a.owner.clone(),
            balance: a.balance.get(),
        }
    }

    fn open_all(owners: Vec<String>) -> Vec<Account> {
        owners
            .into_iter()
            .map(|o| Account::new(MyAccount::new(o)))
            .collect()
    }

    fn close_all(accounts: Vec<Account>) -> u64 {
        accounts
            .into_iter()
            .map(|a| a.into_inner::<MyAccount>().balance.get())
            .sum()
    }

    fn open_checked(owner: String) -> Result<Account, String> {
        if owner.is_empty() {
            return Err(String::from("an account needs an owner"));
        }
        Ok(Account::new(MyAccount::new(owner)))
    }

    fn label(a: Account, label: String) -> Labelled {
        Labelled { label, account: a }
    }

    fn richest(accounts: Vec<Account>) -> Option<Account> {
        accounts
            .into_iter()
            .max_by_key(|a| a.get::<MyAccount>().balance.get())
    }

    fn closed() -> u64 {
        CLOSED.with(Cell::get)
    }
}

export!(Component);
