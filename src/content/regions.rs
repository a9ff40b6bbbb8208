//! Regional emphasis, `content/regions.toml`: which helpline a layout shows first and which
//! services it lists first for readers in Brussels, Flanders or Wallonia. It is data, so that
//! a coordinator can change the emphasis without touching code.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{Directory, TomlFile};
use crate::error::{Error, Result};

/// The name of the entry used when no `--region` is given.
pub const DEFAULT_REGION: &str = "default";

/// Every declared region, by code, including [`DEFAULT_REGION`].
#[derive(Debug, Clone)]
pub struct Regions {
    regions: BTreeMap<String, Region>,
}

/// One region's emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    /// Its code, as given to `--region`.
    pub code: String,
    /// The helpline that key numbers, cards and tear-off tabs show.
    pub helpline: String,
    /// Services that lists put first, in this order; the rest keep the layout's order.
    pub first: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    helpline: Spanned<String>,
    #[serde(default)]
    first: Vec<Spanned<String>>,
}

impl Regions {
    /// Reads `path` and checks that every service it names is in `directory`.
    pub fn load(path: &Path, directory: &Directory) -> Result<Self> {
        let file = TomlFile::read(path)?;
        let raw: BTreeMap<String, RawRegion> = file.deserialize()?;
        let mut regions = BTreeMap::new();
        for (code, raw) in raw {
            let known = |id: &Spanned<String>, key: String| -> Result<String> {
                if directory.get(id.get_ref()).is_some() {
                    return Ok(id.get_ref().clone());
                }
                Err(file
                    .error(id.span(), format!("there is no service `{}`", id.get_ref()))
                    .key(key)
                    .hint("use an id from content/services.toml")
                    .into())
            };
            let helpline = known(&raw.helpline, format!("{code}.helpline"))?;
            let first = (raw.first.iter().enumerate())
                .map(|(i, id)| known(id, format!("{code}.first.{i}")))
                .collect::<Result<_>>()?;
            regions.insert(code.clone(), Region { code, helpline, first });
        }
        if !regions.contains_key(DEFAULT_REGION) {
            return Err(Error::content(&file.path, "there is no `[default]` region")
                .hint("add [default] with the helpline to show when no --region is given")
                .into());
        }
        Ok(Self { regions })
    }

    /// The region called `code`, or the default one for `None`.
    pub fn get(&self, code: Option<&str>) -> Result<&Region> {
        let code = code.unwrap_or(DEFAULT_REGION);
        self.regions.get(code).ok_or_else(|| Error::Usage {
            message: format!("there is no region `{code}`"),
            hint: format!("the regions in content/regions.toml are: {}", self.names().join(", ")),
        })
    }

    /// The codes of the regions a user can choose, without the default.
    pub fn names(&self) -> Vec<&str> {
        self.regions.keys().map(String::as_str).filter(|c| *c != DEFAULT_REGION).collect()
    }
}
