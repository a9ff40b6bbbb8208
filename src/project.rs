//! A project directory: `content/`, `layouts/` and `fonts/`, loaded once and shared by every
//! document built from it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use typst::foundations::Datetime;

use crate::content::Content;
use crate::contract::qr_path;
use crate::error::{Error, Result};
use crate::fonts;
use crate::glyphs::Coverage;
use crate::layout::{self, Layout};
use crate::org::Organisation;
use crate::world::{Shared, SharedError, date_from_unix_days};

/// The creation date written into documents when SOURCE_DATE_EPOCH is not set: fixed, so
/// that the same inputs always give the same bytes.
pub const DEFAULT_DATE: (i32, u8, u8) = (2026, 1, 1);

/// A loaded project.
pub struct Project {
    /// The directory as the user named it.
    pub dir: PathBuf,
    /// Checked content.
    pub content: Content,
    /// The layouts, sorted by name.
    pub layouts: Vec<Layout>,
    /// Fonts, library, date and QR payloads, shared by every document.
    pub shared: Arc<Shared>,
    /// What the bundled fonts can print.
    pub coverage: Coverage,
}

impl Project {
    /// Loads and checks a project directory.
    pub fn open(dir: &Path) -> Result<Self> {
        if !dir.join("content").is_dir() {
            return Err(Error::Usage {
                message: format!("{} has no content/ directory", dir.display()),
                hint: "run leafpress in a project directory, or pass --project DIR".into(),
            });
        }
        let content = Content::load(dir)?;
        let layouts = layout::load(&dir.join("layouts"))?;
        let fonts = fonts::load(&dir.join("fonts"))?;
        let coverage = Coverage::of(&fonts);
        let qr = qr_payloads(&content);
        let shared = Shared::new(dir, fonts, creation_date()?, qr).map_err(|e| match e {
            SharedError::Root(source) => Error::Read { path: dir.to_path_buf(), source },
            SharedError::Qr { payload, error } => Error::Usage {
                message: format!("cannot make a QR code for {payload}: {error}"),
                hint: "shorten the address in content/services.toml".into(),
            },
        })?;
        let shared = Arc::new(shared);
        Ok(Self { dir: dir.to_path_buf(), content, layouts, shared, coverage })
    }

    /// Loads the project's content and layouts again, keeping the fonts, the standard library
    /// and the date, which `fonts/` does not change while a preview runs. When the QR payloads
    /// changed (services.toml), everything is loaded afresh.
    pub fn reload(&self) -> Result<Self> {
        let content = self.content.reload(&self.dir)?;
        if !self.shared.has_qr(&qr_payloads(&content)) {
            return Self::open(&self.dir);
        }
        let layouts = layout::load(&self.dir.join("layouts"))?;
        Ok(Self {
            dir: self.dir.clone(),
            content,
            layouts,
            shared: self.shared.clone(),
            coverage: self.coverage.clone(),
        })
    }

    /// Looks up a layout by name.
    pub fn layout(&self, name: &str) -> Option<&Layout> {
        self.layouts.iter().find(|l| l.name == name)
    }

    /// Every payload a QR code may carry, with what is printed beside it: the directory's
    /// numbers and addresses, and the organisation's own number.
    pub fn qr_allowed(&self, org: Option<&Organisation>) -> HashMap<String, String> {
        let mut payloads = HashMap::new();
        for service in self.content.directory.iter() {
            if let (Some(tel), Some(phone)) = (&service.tel, &service.phone) {
                payloads.insert(tel.clone(), phone.clone());
            }
            if let Some(web) = &service.web {
                payloads.insert(web.clone(), crate::content::data::web_display(web));
            }
        }
        payloads.extend(org.and_then(Organisation::own_code));
        payloads
    }
}

/// What each QR code a layout may place encodes, by virtual path: every service's `tel:` and
/// web address.
fn qr_payloads(content: &Content) -> HashMap<String, String> {
    let mut qr = HashMap::new();
    for service in content.directory.iter() {
        if let Some(tel) = &service.tel {
            qr.insert(qr_path("tel", &service.id), tel.clone());
        }
        if let Some(web) = &service.web {
            qr.insert(qr_path("web", &service.id), web.clone());
        }
    }
    qr
}

/// The document date: SOURCE_DATE_EPOCH when set (as reproducible-builds.org describes),
/// otherwise [`DEFAULT_DATE`].
pub fn creation_date() -> Result<Datetime> {
    let (year, month, day) = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => {
            let seconds: i64 = value.trim().parse().map_err(|_| Error::Usage {
                message: format!("SOURCE_DATE_EPOCH is `{value}`, not a number of seconds"),
                hint: "set it to a Unix timestamp such as 1767225600, or unset it".into(),
            })?;
            date_from_unix_days(seconds.div_euclid(86_400))
        }
        Err(_) => DEFAULT_DATE,
    };
    Datetime::from_ymd(year, month, day).ok_or_else(|| Error::Usage {
        message: "SOURCE_DATE_EPOCH is out of range".into(),
        hint: "set it to a Unix timestamp such as 1767225600, or unset it".into(),
    })
}
